using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Idempotency;

/// <summary>Deletes expired idempotency records every <see cref="IdempotencyOptions.CleanupInterval"/>.</summary>
/// <remarks>Every replica runs it; the deletes are idempotent, so they do not need to coordinate.</remarks>
public sealed partial class IdempotencyCleanupService(
    IServiceScopeFactory scopes,
    TimeProvider timeProvider,
    IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
                var now = timeProvider.GetUtcNow();
                var deleted = await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(stoppingToken);
                LogCleaned(logger, deleted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away; the next tick tries again.
                LogCleanupFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired idempotency records")]
    private static partial void LogCleaned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired idempotency records failed; retrying at the next interval")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
