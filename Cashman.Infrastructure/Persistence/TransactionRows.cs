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
    /// database transaction. The owner's totals, month totals and change numbers are updated once for the whole set,
    /// under the owner's lock, and each row is sent with its number, which tells the row trigger that it is accounted for:
    /// per-row updates of the owner's row would make the cost grow with the square of the rows. Returns the last number.
    /// </summary>
    public static async Task<long> CopyAccountedAsync(this CashmanDbContext db, Guid owner, IReadOnlyList<Transaction> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Any(r => r.UserId != owner))
        {
            throw new ArgumentException("Every row must belong to the owner.", nameof(rows));
        }

        var incomes = rows.Where(r => r.Kind == TransactionKind.Income).ToList();
        var expenses = rows.Where(r => r.Kind == TransactionKind.Expense).ToList();
        var (incomeCount, expenseCount) = ((long)incomes.Count, (long)expenses.Count);
        var (incomeSum, expenseSum) = (incomes.Sum(r => r.Amount), expenses.Sum(r => r.Amount));
        var count = (long)rows.Count;
        var last = (await db.Database.SqlQuery<long>(
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

        var months = rows.GroupBy(r => new DateOnly(r.OccurredOn.Year, r.OccurredOn.Month, 1)).ToList();
        var monthKeys = months.Select(m => m.Key).ToArray();
        var monthIncomeCounts = months.Select(m => (long)m.Count(r => r.Kind == TransactionKind.Income)).ToArray();
        var monthExpenseCounts = months.Select(m => (long)m.Count(r => r.Kind == TransactionKind.Expense)).ToArray();
        var monthIncomes = months.Select(m => m.Where(r => r.Kind == TransactionKind.Income).Sum(r => r.Amount)).ToArray();
        var monthExpenses = months.Select(m => m.Where(r => r.Kind == TransactionKind.Expense).Sum(r => r.Amount)).ToArray();
        await db.Database.ExecuteSqlAsync(
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
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {entity.GetTableName()} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var seq = last - count;
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(row.UserId, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(row.Kind == TransactionKind.Income ? TransactionKindNames.Income : TransactionKindNames.Expense, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.Description, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await WriteNullableAsync(importer, row.Category, cancellationToken);
            await importer.WriteAsync(row.OccurredOn, NpgsqlDbType.Date, cancellationToken);
            await WriteNullableAsync(importer, row.ExternalId, cancellationToken);
            await importer.WriteAsync(row.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.Version, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(++seq, NpgsqlDbType.Bigint, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
        return last;
    }

    /// <summary>
    /// Locks the owner's totals row (creating it if need be) for the rest of the database transaction, so that no other
    /// write of the owner commits in between, and returns the owner's current change number.
    /// </summary>
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
        return seq.Single();
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);
}
