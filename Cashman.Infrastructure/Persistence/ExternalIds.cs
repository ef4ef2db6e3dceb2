using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cashman.Infrastructure.Persistence;

/// <summary>The rule that an external id names one transaction of its owner, as inserts meet it.</summary>
public sealed class ExternalIds(DbContextOptions<CashmanDbContext> options)
{
    /// <summary>The owner's transaction that has <paramref name="externalId"/>, if any.</summary>
    public static Task<Guid?> FindAsync(CashmanDbContext db, Guid owner, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Transactions.AsNoTracking()
            .Where(t => t.UserId == owner && t.ExternalId == externalId)
            .Select(t => (Guid?)t.Id)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="insert"/> of <paramref name="row"/>; when a concurrent request stored the same external id
    /// first, the unique index refuses this one and the <see cref="ExternalIdTakenException"/> names the row that won. It
    /// is read on a connection of its own: this one's transaction may be aborted. Any unique violation is checked this
    /// way: on Citus the error relayed from a worker does not name the constraint, and the only other unique key of a
    /// new row is its fresh UUIDv7.
    /// </summary>
    public async Task<T> InsertAsync<T>(Transaction row, Func<CancellationToken, Task<T>> insert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(insert);
        try
        {
            return await insert(cancellationToken);
        }
        catch (Exception exception) when (row.ExternalId is not null && IsUniqueViolation(exception))
        {
            await using var fresh = new CashmanDbContext(options);
            if (await FindAsync(fresh, row.UserId, row.ExternalId, cancellationToken) is not { } existing)
            {
                throw;
            }

            throw new ExternalIdTakenException(existing);
        }
    }

    /// <summary>A statement's own error, or the one EF Core wrapped in its <see cref="DbUpdateException"/>.</summary>
    private static bool IsUniqueViolation(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation };
}
