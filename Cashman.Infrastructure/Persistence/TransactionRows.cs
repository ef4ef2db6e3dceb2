using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Cashman.Infrastructure.Persistence;

/// <summary>Bulk writes and reads of transactions that go past EF Core's change tracker, named from its model.</summary>
public static class TransactionRows
{
    /// <summary>
    /// Writes validated new transactions of one owner with PostgreSQL's binary <c>COPY</c>, within the context's current
    /// database transaction and under the owner's lock (<see cref="LockOwnerAsync"/>, whose number
    /// <paramref name="lastSeq"/> is). Returns the last number. See <see cref="AccountedCopy"/>.
    /// </summary>
    public static async Task<long> CopyAccountedAsync(this CashmanDbContext db, Guid owner, long lastSeq, IReadOnlyList<Transaction> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var copy = await AccountedCopy.BeginAsync(db, owner, lastSeq, cancellationToken);
        foreach (var row in rows)
        {
            await copy.WriteAsync(row, cancellationToken);
        }

        return await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Locks the owner's totals row (creating it if need be) for the rest of the database transaction, so that no other
    /// write of the owner commits in between, and returns the owner's current change number.
    /// </summary>
    /// <exception cref="AuthenticationFailedException">
    /// The owner was erased before the lock was had (the erasure takes the same lock first, so it cannot happen after).
    /// Checked here rather than left to the rows' foreign key: on Citus a COPY relays that violation as an internal
    /// error (XX000), not as 23503.
    /// </exception>
    public static async Task<long> LockOwnerAsync(this CashmanDbContext db, Guid owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Materialised as a list: a single-row operator would wrap the INSERT in a subquery, which PostgreSQL refuses.
        var seq = await db.Database.SqlQuery<long>(
            $"""
            INSERT INTO user_totals AS t (user_id, income_count, expense_count, total_income, total_expenses, last_change_seq)
            VALUES ({owner}, 0, 0, 0, 0, 0)
            ON CONFLICT (user_id) DO UPDATE SET last_change_seq = t.last_change_seq
            RETURNING last_change_seq AS "Value"
            """).ToListAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == owner, cancellationToken)
            ? seq.Single()
            : throw new AuthenticationFailedException(AuthenticationFailedException.OwnerGone);
    }
}

/// <summary>
/// New transactions of one owner written as they come with one binary <c>COPY</c>, within the context's current database
/// transaction and under the owner's lock, which the caller took (<see cref="TransactionRows.LockOwnerAsync"/>) and
/// whose change number it passes. Each row is sent with the next number, which tells the row trigger that it is
/// accounted for; the owner's totals, month totals and last number are updated once for the whole set when the copy
/// completes: per-row updates of the owner's row would make one transaction's cost grow with the square of its rows.
/// Disposed before it completes, the copy is cancelled and the database transaction can only roll back.
/// </summary>
public sealed class AccountedCopy : IAsyncDisposable
{
    private readonly CashmanDbContext _db;
    private readonly Guid _owner;
    private readonly NpgsqlBinaryImporter _importer;
    private readonly Dictionary<DateOnly, MonthSums> _months = [];
    private long _seq;
    private long _count;
    private long _incomeCount;
    private long _expenseCount;
    private decimal _incomeSum;
    private decimal _expenseSum;

    private AccountedCopy(CashmanDbContext db, Guid owner, long lastSeq, NpgsqlBinaryImporter importer)
    {
        (_db, _owner, _seq, _importer) = (db, owner, lastSeq, importer);
    }

    public static async Task<AccountedCopy> BeginAsync(CashmanDbContext db, Guid owner, long lastSeq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(Transaction))!;
        string Column(string property) => entity.FindProperty(property)!.GetColumnName();
        var columns = string.Join(", ", new[]
        {
            Column(nameof(Transaction.Id)), Column(nameof(Transaction.UserId)), TransactionConfiguration.Discriminator,
            Column(nameof(Transaction.Description)), Column(nameof(Transaction.Amount)), Column(nameof(Transaction.Category)),
            Column(nameof(Transaction.OccurredOn)), Column(nameof(Transaction.ExternalId)), Column(nameof(Transaction.CreatedAt)),
            Column(nameof(Transaction.UpdatedAt)), Column(nameof(Transaction.Version)), Column(nameof(Transaction.ChangeSeq)),
        });
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var importer = await connection.BeginBinaryImportAsync($"COPY {entity.GetTableName()} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        return new AccountedCopy(db, owner, lastSeq, importer);
    }

    /// <summary>Sends one row with the next change number.</summary>
    public async Task WriteAsync(Transaction row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.UserId != _owner)
        {
            throw new ArgumentException("Every row must belong to the owner.", nameof(row));
        }

        var income = row.Kind == TransactionKind.Income;
        await _importer.StartRowAsync(cancellationToken);
        await _importer.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken);
        await _importer.WriteAsync(row.UserId, NpgsqlDbType.Uuid, cancellationToken);
        await _importer.WriteAsync(income ? TransactionKindNames.Income : TransactionKindNames.Expense, NpgsqlDbType.Varchar, cancellationToken);
        await _importer.WriteAsync(row.Description, NpgsqlDbType.Varchar, cancellationToken);
        await _importer.WriteAsync(row.Amount, NpgsqlDbType.Numeric, cancellationToken);
        await WriteNullableAsync(row.Category, cancellationToken);
        await _importer.WriteAsync(row.OccurredOn, NpgsqlDbType.Date, cancellationToken);
        await WriteNullableAsync(row.ExternalId, cancellationToken);
        await _importer.WriteAsync(row.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await _importer.WriteAsync(row.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await _importer.WriteAsync(row.Version, NpgsqlDbType.Uuid, cancellationToken);
        await _importer.WriteAsync(++_seq, NpgsqlDbType.Bigint, cancellationToken);

        _count++;
        var month = new DateOnly(row.OccurredOn.Year, row.OccurredOn.Month, 1);
        var totals = _months.TryGetValue(month, out var known) ? known : _months[month] = new MonthSums();
        if (income)
        {
            (_incomeCount, _incomeSum, totals.IncomeCount, totals.Income) = (_incomeCount + 1, _incomeSum + row.Amount, totals.IncomeCount + 1, totals.Income + row.Amount);
        }
        else
        {
            (_expenseCount, _expenseSum, totals.ExpenseCount, totals.Expenses) = (_expenseCount + 1, _expenseSum + row.Amount, totals.ExpenseCount + 1, totals.Expenses + row.Amount);
        }
    }

    /// <summary>Ends the copy and adds the rows to the owner's totals and month totals; returns the last change number.</summary>
    public async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        await _importer.CompleteAsync(cancellationToken);

        // Closing the importer frees the connection for the statements below (disposing again later does nothing).
        await _importer.CloseAsync(cancellationToken);
        var (owner, incomeCount, expenseCount, incomeSum, expenseSum, count) = (_owner, _incomeCount, _expenseCount, _incomeSum, _expenseSum, _count);
        var last = (await _db.Database.SqlQuery<long>(
            $"""
            INSERT INTO user_totals AS t (user_id, income_count, expense_count, total_income, total_expenses, last_change_seq)
            VALUES ({owner}, {incomeCount}, {expenseCount}, {incomeSum}, {expenseSum}, {count})
            ON CONFLICT (user_id) DO UPDATE SET
                income_count = t.income_count + EXCLUDED.income_count,
                expense_count = t.expense_count + EXCLUDED.expense_count,
                total_income = t.total_income + EXCLUDED.total_income,
                total_expenses = t.total_expenses + EXCLUDED.total_expenses,
                last_change_seq = t.last_change_seq + EXCLUDED.last_change_seq
            RETURNING last_change_seq AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        if (last != _seq)
        {
            throw new InvalidOperationException("The owner's change numbers moved during the copy: the owner's lock was not held.");
        }

        var monthKeys = _months.Keys.ToArray();
        var monthIncomeCounts = monthKeys.Select(m => _months[m].IncomeCount).ToArray();
        var monthExpenseCounts = monthKeys.Select(m => _months[m].ExpenseCount).ToArray();
        var monthIncomes = monthKeys.Select(m => _months[m].Income).ToArray();
        var monthExpenses = monthKeys.Select(m => _months[m].Expenses).ToArray();
        await _db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO user_month_totals AS t (user_id, month, income_count, expense_count, total_income, total_expenses)
            SELECT {owner}, m.month, m.income_count, m.expense_count, m.total_income, m.total_expenses
            FROM unnest({monthKeys}, {monthIncomeCounts}, {monthExpenseCounts}, {monthIncomes}, {monthExpenses})
                AS m (month, income_count, expense_count, total_income, total_expenses)
            ON CONFLICT (user_id, month) DO UPDATE SET
                income_count = t.income_count + EXCLUDED.income_count,
                expense_count = t.expense_count + EXCLUDED.expense_count,
                total_income = t.total_income + EXCLUDED.total_income,
                total_expenses = t.total_expenses + EXCLUDED.total_expenses
            """,
            cancellationToken);
        return last;
    }

    public ValueTask DisposeAsync() => _importer.DisposeAsync();

    private Task WriteNullableAsync(string? value, CancellationToken cancellationToken) =>
        value is null ? _importer.WriteNullAsync(cancellationToken) : _importer.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);

    private sealed class MonthSums
    {
        public long IncomeCount { get; set; }

        public long ExpenseCount { get; set; }

        public decimal Income { get; set; }

        public decimal Expenses { get; set; }
    }
}
