using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>What is past its retention and may go: the rows the background purge deletes, across all users.</summary>
public static class ExpiredRows
{
    /// <summary>
    /// Deletes expired idempotency records and refresh tokens, and sessions that were revoked or are past their absolute
    /// lifetime (with their refresh tokens). A deleted session is as dead as a revoked one: its access tokens fail the
    /// per-request session check and its refresh tokens are gone.
    /// </summary>
    public static async Task<int> PurgeAsync(this CashmanDbContext db, DateTimeOffset now, TimeSpan sessionLifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sessionsStartedBefore = now - sessionLifetime;
        var deleted = await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.RefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.Sessions.Where(s => s.RevokedAt != null || s.CreatedAt <= sessionsStartedBefore).ExecuteDeleteAsync(cancellationToken);
        return deleted;
    }
}
