using Cashman.Api.Sync;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Operations;

/// <summary>
/// Every <see cref="CleanupOptions.Interval"/>, deletes what is past its retention: idempotency records, refresh tokens,
/// sessions that were revoked or outlived <c>Jwt__SessionDays</c>, and change-feed delete markers past
/// <c>Changes__RetentionDays</c>.
/// </summary>
/// <remarks>Every replica runs it; the deletes are idempotent, so they do not need to coordinate.</remarks>
public sealed partial class RetentionCleanupService(
    IServiceScopeFactory scopes,
    TimeProvider timeProvider,
    IOptions<CleanupOptions> options,
    IOptions<JwtOptions> jwtOptions,
    IOptions<ChangesOptions> changesOptions,
    ILogger<RetentionCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
                var deleted = await db.PurgeAsync(
                    timeProvider.GetUtcNow(), TimeSpan.FromDays(jwtOptions.Value.SessionDays), changesOptions.Value.MarkerLifetime, stoppingToken);
                LogCleaned(logger, deleted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away; the next tick tries again.
                LogCleanupFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired rows")]
    private static partial void LogCleaned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired rows failed; retrying at the next interval")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
