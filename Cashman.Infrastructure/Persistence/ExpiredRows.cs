using Cashman.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>What is past its retention and may go: the rows the background purge deletes, across all users.</summary>
public static class ExpiredRows
{
    /// <summary>
    /// Deletes expired idempotency records and refresh tokens, change-feed delete markers older than
    /// <paramref name="markerLifetime"/>, and sessions that were revoked or are past their absolute
    /// lifetime (with their refresh tokens), and webhook delivery attempts older than <see cref="WebhookDelivery.Lifetime"/>. A deleted session is as dead as a revoked one: its access tokens fail the
    /// per-request session check and its refresh tokens are gone. Upgrade-time credential owners go when their secret
    /// expired or their API key is revoked or gone.
    /// It spans every user, so on Citus it is allowed to touch every shard (<see cref="Distribution.AllowEveryShardAsync"/>).
    /// </summary>
    public static async Task<int> PurgeAsync(this CashmanDbContext db, DateTimeOffset now, TimeSpan sessionLifetime, TimeSpan markerLifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sessionsStartedBefore = now - sessionLifetime;
        var markersFrom = now - markerLifetime;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async c =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(c);

                await db.AllowEveryShardAsync(c);
                var deleted = await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(c);
                deleted += await db.RefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(c);
                deleted += await db.Sessions.Where(s => s.RevokedAt != null || s.CreatedAt <= sessionsStartedBefore).ExecuteDeleteAsync(c);
                deleted += await db.LegacyCredentials.Where(l => l.ExpiresAt <= now).ExecuteDeleteAsync(c);
                deleted += await db.DeletedTransactions.Where(d => d.DeletedAt < markersFrom).ExecuteDeleteAsync(c);
                var deliveriesFrom = now - WebhookDelivery.Lifetime;
                deleted += await db.WebhookDeliveries.Where(d => d.AttemptedAt < deliveriesFrom).ExecuteDeleteAsync(c);

                // Upgrade-time API keys are a fixed, shrinking set: find those still active, and forget the rest.
                var legacyKeys = await db.LegacyCredentials.Where(l => l.ExpiresAt == null).Select(l => l.SecretHash).ToListAsync(c);
                if (legacyKeys.Count > 0)
                {
                    var active = await db.ApiKeys.Where(k => legacyKeys.Contains(k.KeyHash) && k.RevokedAt == null).Select(k => k.KeyHash).ToListAsync(c);
                    var gone = legacyKeys.Except(active).ToList();
                    deleted += await db.LegacyCredentials.Where(l => gone.Contains(l.SecretHash)).ExecuteDeleteAsync(c);
                }

                await transaction.CommitAsync(c);
                return deleted;
            },
            cancellationToken);
    }
}
