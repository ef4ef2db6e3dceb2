using Cashman.Domain.Categories;
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
    /// <summary>The shadow property with the number of the change that created a row (null for rows older than webhooks).</summary>
    public const string CreatedSeq = "CreatedSeq";

    private static string? _insert;

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
    /// Inserts one new transaction in one statement and returns the change number its row trigger gave it (which also
    /// keeps the owner's counts, the accounts' balances and the day totals), and gives <paramref name="row"/> the category
    /// the trigger resolved its path to. The hot path of every create: one round trip, without EF Core's change tracking
    /// and command batching, which cost more than the statement itself.
    /// </summary>
    public static async Task<long> InsertAsync(this CashmanDbContext db, Transaction row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(row);
        _insert ??= InsertSql(db);

        // Change number 0: the trigger numbers the row (a bulk copy sends rows already numbered). Npgsql directly, on the
        // context's connection and transaction, reading the three columns back without EF Core's query pipeline.
        var database = db.Database;
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = ((NpgsqlConnection)database.GetDbConnection()).CreateCommand();
            command.CommandText = _insert;
            foreach (var (value, type) in Values(row, changeSeq: 0))
            {
                command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value ?? DBNull.Value });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            row.Categorised(await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetGuid(1), await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2));
            return reader.GetInt64(0);
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    /// <summary>The statement of <see cref="InsertAsync"/>, built once from the model.</summary>
    private static string InsertSql(CashmanDbContext db)
    {
        var columns = Columns(db);
        return $"""
            INSERT INTO {Table(db)} ({string.Join(", ", columns)})
            VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})
            RETURNING {columns[^1]}, {Column(db, nameof(Transaction.CategoryId))}, {Column(db, nameof(Transaction.Category))}
            """;
    }

    private static string Column(CashmanDbContext db, string property) =>
        db.Model.FindEntityType(typeof(Transaction))!.FindProperty(property)!.GetColumnName();


    /// <summary>The table of transactions, as the model names it.</summary>
    internal static string Table(CashmanDbContext db) => db.Model.FindEntityType(typeof(Transaction))!.GetTableName()!;

    /// <summary>The columns a new row is written with, in the order of <see cref="Values"/>; the change number last.</summary>
    internal static string[] Columns(CashmanDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(Transaction))!;
        string Column(string property) => entity.FindProperty(property)!.GetColumnName();
        return
        [
            Column(nameof(Transaction.Id)), Column(nameof(Transaction.UserId)), TransactionConfiguration.Discriminator,
            Column(nameof(Transaction.AccountId)), Column(nameof(Transaction.Currency)),
            Column(nameof(Transaction.Description)), Column(nameof(Transaction.Amount)), Column(nameof(Transaction.Category)),
            Column(nameof(Transaction.CategoryId)),
            Column(nameof(Transaction.OccurredOn)), Column(nameof(Transaction.ExternalId)),
            Column(nameof(Transaction.ToAccountId)), Column(nameof(Transaction.ToAmount)), Column(nameof(Transaction.ToCurrency)),
            Column(nameof(Transaction.CreatedAt)), Column(nameof(Transaction.UpdatedAt)), Column(nameof(Transaction.Version)),
            Column(nameof(Transaction.ChangeSeq)),
        ];
    }

    /// <summary>A new row's values with their types, in the order of <see cref="Columns"/>; null for SQL NULL.</summary>
    internal static (object? Value, NpgsqlDbType Type)[] Values(Transaction row, long changeSeq) =>
    [
        (row.Id, NpgsqlDbType.Uuid), (row.UserId, NpgsqlDbType.Uuid), (TransactionKindNames.Of(row.Kind), NpgsqlDbType.Varchar),
        (row.AccountId, NpgsqlDbType.Uuid), (row.Currency, NpgsqlDbType.Varchar),
        (row.Description, NpgsqlDbType.Varchar), (row.Amount, NpgsqlDbType.Numeric), (row.Category, NpgsqlDbType.Varchar),
        (row.CategoryId, NpgsqlDbType.Uuid),
        (row.OccurredOn, NpgsqlDbType.Date), (row.ExternalId, NpgsqlDbType.Varchar),
        (row.ToAccountId, NpgsqlDbType.Uuid), (row.ToAmount, NpgsqlDbType.Numeric), (row.ToCurrency, NpgsqlDbType.Varchar),
        (row.CreatedAt, NpgsqlDbType.TimestampTz), (row.UpdatedAt, NpgsqlDbType.TimestampTz), (row.Version, NpgsqlDbType.Uuid),
        (changeSeq, NpgsqlDbType.Bigint),
    ];

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
            INSERT INTO user_totals AS t (user_id, income_count, expense_count, transfer_count, last_change_seq)
            VALUES ({owner}, 0, 0, 0, 0)
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
/// accounted for; the owner's counts, the accounts' balances and the day totals are updated once for the whole set when
/// the copy completes: per-row updates of the owner's row would make one transaction's cost grow with the square of its rows.
/// Disposed before it completes, the copy is cancelled and the database transaction can only roll back.
/// </summary>
public sealed class AccountedCopy : IAsyncDisposable
{
    private readonly CashmanDbContext _db;
    private readonly Guid _owner;
    private readonly string _command;
    private readonly Dictionary<(Guid Account, DateOnly Day), DaySums> _days = [];
    private NpgsqlBinaryImporter _importer;
    private readonly long _firstSeq;
    private readonly long[] _counts = new long[3];
    private long _seq;
    private long _count;

    private AccountedCopy(CashmanDbContext db, Guid owner, long lastSeq, string command, NpgsqlBinaryImporter importer)
    {
        (_db, _owner, _seq, _firstSeq, _command, _importer) = (db, owner, lastSeq, lastSeq, command, importer);
    }

    public static async Task<AccountedCopy> BeginAsync(CashmanDbContext db, Guid owner, long lastSeq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var command = $"COPY {TransactionRows.Table(db)} ({string.Join(", ", TransactionRows.Columns(db))}) FROM STDIN (FORMAT BINARY)";
        var importer = await ((NpgsqlConnection)db.Database.GetDbConnection()).BeginBinaryImportAsync(command, cancellationToken);
        return new AccountedCopy(db, owner, lastSeq, command, importer);
    }

    /// <summary>
    /// Ends the copy so far, runs <paramref name="work"/> on the same connection and database transaction (an import
    /// creating an account its next rows are in), and goes on copying; the rows are accounted for together at the end.
    /// </summary>
    public async Task InsertBetweenAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _importer.CompleteAsync(cancellationToken);
        await _importer.CloseAsync(cancellationToken);
        await _importer.DisposeAsync();
        await work();
        _importer = await ((NpgsqlConnection)_db.Database.GetDbConnection()).BeginBinaryImportAsync(_command, cancellationToken);
    }

    /// <summary>Sends one row with the next change number.</summary>
    public async Task WriteAsync(Transaction row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.UserId != _owner)
        {
            throw new ArgumentException("Every row must belong to the owner.", nameof(row));
        }

        await _importer.StartRowAsync(cancellationToken);
        foreach (var (value, type) in TransactionRows.Values(row, ++_seq))
        {
            await (value is null ? _importer.WriteNullAsync(cancellationToken) : _importer.WriteAsync(value, type, cancellationToken));
        }

        _count++;
        _counts[(int)row.Kind]++;
        var day = Day(row.AccountId, row.OccurredOn);
        switch (row.Kind)
        {
            case TransactionKind.Income:
                (day.IncomeCount, day.Income) = (day.IncomeCount + 1, day.Income + row.Amount);
                break;
            case TransactionKind.Expense:
                (day.ExpenseCount, day.Expenses) = (day.ExpenseCount + 1, day.Expenses + row.Amount);
                break;
            default:
                (day.TransferCount, day.Transfers) = (day.TransferCount + 1, day.Transfers - row.Amount);
                var into = Day(row.ToAccountId!.Value, row.OccurredOn);
                (into.TransferCount, into.Transfers) = (into.TransferCount + 1, into.Transfers + row.ToAmount!.Value);
                break;
        }
    }

    /// <summary>Ends the copy and adds the rows to the owner's counts, the accounts and the day totals; returns the last change number.</summary>
    public async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        await _importer.CompleteAsync(cancellationToken);

        // Closing the importer frees the connection for the statements below (disposing again later does nothing).
        await _importer.CloseAsync(cancellationToken);
        var (owner, incomeCount, expenseCount, transferCount, count) = (_owner, _counts[0], _counts[1], _counts[2], _count);
        var last = (await _db.Database.SqlQuery<long>(
            $"""
            INSERT INTO user_totals AS t (user_id, income_count, expense_count, transfer_count, last_change_seq)
            VALUES ({owner}, {incomeCount}, {expenseCount}, {transferCount}, {count})
            ON CONFLICT (user_id) DO UPDATE SET
                income_count = t.income_count + EXCLUDED.income_count,
                expense_count = t.expense_count + EXCLUDED.expense_count,
                transfer_count = t.transfer_count + EXCLUDED.transfer_count,
                last_change_seq = t.last_change_seq + EXCLUDED.last_change_seq
            RETURNING last_change_seq AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        if (last != _seq)
        {
            throw new InvalidOperationException("The owner's change numbers moved during the copy: the owner's lock was not held.");
        }

        // The categories are known once the trigger resolved the rows' paths: their totals are summed from the rows.
        var first = _firstSeq;
        await _db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO category_day_totals AS t
                (user_id, day, category_id, account_id, income_count, expense_count, total_income, total_expenses, change_seq)
            SELECT user_id, occurred_on, coalesce(category_id, {CategoryDayTotals.None}), account_id,
                   count(*) FILTER (WHERE type = 'income'), count(*) FILTER (WHERE type = 'expense'),
                   coalesce(sum(amount) FILTER (WHERE type = 'income'), 0), coalesce(sum(amount) FILTER (WHERE type = 'expense'), 0),
                   {last}
            FROM transactions
            WHERE user_id = {owner} AND change_seq > {first} AND change_seq <= {last} AND type <> 'transfer'
            GROUP BY 1, 2, 3, 4
            ON CONFLICT (user_id, day, category_id, account_id) DO UPDATE SET
                income_count = t.income_count + EXCLUDED.income_count,
                expense_count = t.expense_count + EXCLUDED.expense_count,
                total_income = t.total_income + EXCLUDED.total_income,
                total_expenses = t.total_expenses + EXCLUDED.total_expenses,
                change_seq = EXCLUDED.change_seq
            """,
            cancellationToken);

        if (_days.Count == 0)
        {
            return last;
        }

        var keys = _days.Keys.ToArray();
        var accounts = keys.Select(k => k.Account).ToArray();
        var days = keys.Select(k => k.Day).ToArray();
        var sums = keys.Select(k => _days[k]).ToArray();
        var incomeCounts = sums.Select(d => d.IncomeCount).ToArray();
        var expenseCounts = sums.Select(d => d.ExpenseCount).ToArray();
        var transferCounts = sums.Select(d => d.TransferCount).ToArray();
        var incomes = sums.Select(d => d.Income).ToArray();
        var expenses = sums.Select(d => d.Expenses).ToArray();
        var transfers = sums.Select(d => d.Transfers).ToArray();
        await _db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO account_day_totals AS t
                (user_id, account_id, day, income_count, expense_count, transfer_count, total_income, total_expenses, transfers_total)
            SELECT {owner}, d.account_id, d.day, d.income_count, d.expense_count, d.transfer_count, d.total_income, d.total_expenses, d.transfers_total
            FROM unnest({accounts}, {days}, {incomeCounts}, {expenseCounts}, {transferCounts}, {incomes}, {expenses}, {transfers})
                AS d (account_id, day, income_count, expense_count, transfer_count, total_income, total_expenses, transfers_total)
            ON CONFLICT (user_id, account_id, day) DO UPDATE SET
                income_count = t.income_count + EXCLUDED.income_count,
                expense_count = t.expense_count + EXCLUDED.expense_count,
                transfer_count = t.transfer_count + EXCLUDED.transfer_count,
                total_income = t.total_income + EXCLUDED.total_income,
                total_expenses = t.total_expenses + EXCLUDED.total_expenses,
                transfers_total = t.transfers_total + EXCLUDED.transfers_total
            """,
            cancellationToken);

        // Each account once, in id order, with what the set adds to it.
        var byAccount = sums.Zip(accounts).GroupBy(p => p.Second).OrderBy(g => g.Key).ToArray();
        var accountIds = byAccount.Select(g => g.Key).ToArray();
        var totals = byAccount.Select(g => g.Sum(p => p.First.Income + p.First.Expenses + p.First.Transfers)).ToArray();
        var counts = byAccount.Select(g => g.Sum(p => p.First.IncomeCount + p.First.ExpenseCount + p.First.TransferCount)).ToArray();
        // Each account's share is picked from the arrays by its position: a join with unnest() here is planned, once the
        // statement is prepared, as a query over every shard, which Citus refuses; this names the owner alone.
        await _db.Database.ExecuteSqlAsync(
            $"""
            UPDATE accounts SET
                transactions_total = transactions_total + ({totals}::numeric[])[array_position({accountIds}::uuid[], id)],
                transaction_count = transaction_count + ({counts}::bigint[])[array_position({accountIds}::uuid[], id)]
            WHERE user_id = {owner} AND id = ANY ({accountIds})
            """,
            cancellationToken);
        return last;
    }

    public ValueTask DisposeAsync() => _importer.DisposeAsync();

    private DaySums Day(Guid account, DateOnly day) =>
        _days.TryGetValue((account, day), out var known) ? known : _days[(account, day)] = new DaySums();

    private sealed class DaySums
    {
        public long IncomeCount { get; set; }

        public long ExpenseCount { get; set; }

        public long TransferCount { get; set; }

        public decimal Income { get; set; }

        public decimal Expenses { get; set; }

        public decimal Transfers { get; set; }
    }
}
