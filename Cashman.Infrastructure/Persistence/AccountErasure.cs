using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>Erases an account and every row it owns, in every table, in one database transaction.</summary>
public static class AccountErasure
{
    /// <summary>The column that names a row's owner, in every user-owned table.</summary>
    public const string OwnerProperty = "UserId";

    /// <summary>
    /// Deletes the user (foreign keys cascade to what references it), its address lookup (by address, on its own shard),
    /// then every row of every table of the model that has an owner column, so that a table added later, with or without a
    /// foreign key, is erased too. Every statement names one key, so that on Citus each touches one shard. It takes the
    /// owner's lock (<see cref="TransactionRows.LockOwnerAsync"/>) before anything else, like every write of the owner.
    /// </summary>
    public static async Task EraseAccountAsync(this CashmanDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ownedTables = OwnedTables(db);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async c =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(c);

                // The owner's lock first, as every write of the owner takes it first: a write in flight finishes before,
                // one that comes later waits and then finds its owner gone, and neither waits for the other in a cycle.
                await db.LockOwnerAsync(userId, c);
                var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).SingleOrDefaultAsync(c);
                await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(c);
                await db.UserEmails.Where(e => e.NormalizedEmail == email && e.UserId == userId).ExecuteDeleteAsync(c);
                foreach (var (table, column) in ownedTables)
                {
                    await db.Database.ExecuteSqlRawAsync(string.Concat("DELETE FROM \"", table, "\" WHERE \"", column, "\" = {0}"), [userId], c);
                }

                await transaction.CommitAsync(c);
            },
            cancellationToken);
    }

    /// <summary>Every table with an owner column, and that column's name, from the model (lookups sharded by another key aside).</summary>
    public static IReadOnlyList<(string Table, string Column)> OwnedTables(CashmanDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return [.. db.Model.GetEntityTypes()
            .Where(e => e.BaseType is null && e.FindProperty(OwnerProperty) is not null && Distribution.PlacementOf(e) != Placement.ByOwnKey)
            .Select(e => (Table: e.GetTableName()!, Column: e.FindProperty(OwnerProperty)!.GetColumnName()))
            .Distinct()
            .OrderBy(t => t.Table, StringComparer.Ordinal)];
    }
}
