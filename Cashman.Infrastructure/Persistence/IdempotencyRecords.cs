using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Cashman.Infrastructure.Persistence;

/// <summary>Reads and claims the stored answers of requests sent with an <c>Idempotency-Key</c>.</summary>
public static class IdempotencyRecords
{
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
        var entity = db.Model.FindEntityType(typeof(IdempotencyRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!)).ToList();
        var keys = entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(table)!).ToList();
        var expires = entity.FindProperty(nameof(IdempotencyRecord.ExpiresAt))!.GetColumnName(table)!;

        // Every column and the conflict target come from the model, so this statement follows the configuration.
        var sql = $"""
            INSERT INTO {Quote(table.Name)} AS r ({string.Join(", ", columns.Select(c => Quote(c.Column)))})
            VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})
            ON CONFLICT ({string.Join(", ", keys.Select(Quote))}) DO UPDATE SET
                {string.Join(", ", columns.Where(c => !keys.Contains(c.Column)).Select(c => $"{Quote(c.Column)} = excluded.{Quote(c.Column)}"))}
            WHERE r.{Quote(expires)} <= @now
            """;
        var parameters = columns
            .Select((c, i) => new NpgsqlParameter("p" + i, c.Property.PropertyInfo!.GetValue(record) ?? DBNull.Value))
            .Append(new NpgsqlParameter("now", now))
            .ToArray<object>();
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken) == 1;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
