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
    /// Writes validated transactions with PostgreSQL's binary <c>COPY</c>, within the context's current database
    /// transaction. The row trigger still runs for each row: totals and change numbers stay exact.
    /// </summary>
    public static async Task CopyAsync(this CashmanDbContext db, IReadOnlyCollection<Transaction> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(Transaction))!;
        string Column(string property) => entity.FindProperty(property)!.GetColumnName();
        var columns = string.Join(", ", new[]
        {
            Column(nameof(Transaction.Id)), Column(nameof(Transaction.UserId)), TransactionConfiguration.Discriminator,
            Column(nameof(Transaction.Description)), Column(nameof(Transaction.Amount)), Column(nameof(Transaction.Category)),
            Column(nameof(Transaction.OccurredOn)), Column(nameof(Transaction.ExternalId)), Column(nameof(Transaction.CreatedAt)),
            Column(nameof(Transaction.UpdatedAt)), Column(nameof(Transaction.Version)),
        });

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {entity.GetTableName()} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
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
        }

        await importer.CompleteAsync(cancellationToken);
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
