using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Cashman.Infrastructure.Persistence;

/// <summary>Reads and claims the stored answers of requests sent with an <c>Idempotency-Key</c>.</summary>
public static class IdempotencyRecords
{
    /// <summary>The claim's statement, made once from the model: every column and the conflict target come from it.</summary>
    private static (string Sql, IProperty[] Columns)? _claim;

    /// <summary>The record of <paramref name="owner"/>'s <paramref name="key"/>, expired or not.</summary>
    public static Task<IdempotencyRecord?> FindAsync(this CashmanDbContext db, Guid owner, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == owner && r.Key == key, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="record"/> in the open database transaction unless the key has a live record (one that has
    /// not expired at <paramref name="now"/>); an expired one is taken over. Waits while another transaction holds the
    /// key, so of two concurrent requests with one key the second finds the first's record. Returns whether it stored.
    /// </summary>
    public static async Task<bool> ClaimAsync(this CashmanDbContext db, IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(record);
        var (sql, columns) = _claim ??= ClaimStatement(db.Model);
        var parameters = columns
            .Select((c, i) => new NpgsqlParameter("p" + i, c.PropertyInfo!.GetValue(record) ?? DBNull.Value))
            .Append(new NpgsqlParameter("now", now))
            .ToArray<object>();
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken) == 1;
    }

    private static (string Sql, IProperty[] Columns) ClaimStatement(IModel model)
    {
        var entity = model.FindEntityType(typeof(IdempotencyRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().ToArray();
        var names = columns.Select(p => p.GetColumnName(table)!).ToList();
        var keys = entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(table)!).ToList();
        var expires = entity.FindProperty(nameof(IdempotencyRecord.ExpiresAt))!.GetColumnName(table)!;
        var sql = $"""
            INSERT INTO {Quote(table.Name)} AS r ({string.Join(", ", names.Select(Quote))})
            VALUES ({string.Join(", ", names.Select((_, i) => "@p" + i))})
            ON CONFLICT ({string.Join(", ", keys.Select(Quote))}) DO UPDATE SET
                {string.Join(", ", names.Where(n => !keys.Contains(n)).Select(n => $"{Quote(n)} = excluded.{Quote(n)}"))}
            WHERE r.{Quote(expires)} <= @now
            """;
        return (sql, columns);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
