using System.Diagnostics;
using Cashman.Api.Sync;
using Cashman.Api.Users;
using Cashman.Domain.Webhooks;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Webhooks;

/// <summary>
/// One webhook's turn, in a scope acting for its owner: under a lock that only this webhook's turns take
/// (<c>pg_try_advisory_xact_lock</c>, held by the database transaction, so a replica that dies lets go at once), reads
/// the changes after the webhook's cursor and delivers those it asked for, in order, until one fails. Then, under the
/// webhook's row lock, it records the attempts and moves the cursor past what was delivered, or schedules the retry. A
/// crash before that commit delivers the same events again later with the same ids: at least once, never lost.
/// </summary>
public sealed class WebhookTurn(
    CashmanDbContext db, CurrentUser currentUser, ChangeFeedService feed, WebhookSender sender, TimeProvider timeProvider)
{
    /// <summary>The most changes one turn reads.</summary>
    public const int ChangesPerTurn = 100;

    /// <summary>No new delivery starts after a turn has run this long, so other webhooks get their turn.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <summary>Runs the turn; true when more may be waiting (a full or cut-short turn without failure).</summary>
    public async Task<bool> RunAsync(Guid webhookId, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var lockKey = LockKey(webhookId);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async c =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(c);
                var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({lockKey}) AS \"Value\"").SingleAsync(c);
                if (!locked)
                {
                    return false;
                }

                var now = timeProvider.GetUtcNow();
                var webhook = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.UserId == owner && w.Id == webhookId, c);
                if (webhook is not { Status: WebhookStatus.Active } || webhook.NextAttemptAt > now)
                {
                    return false;
                }

                var changes = await feed.AfterAsync(webhook.CursorSeq, webhook.CursorSeq, ChangesPerTurn, c);
                var delivered = webhook.CursorSeq;
                var attempts = new List<WebhookDelivery>();
                var failed = false;
                var cutShort = false;
                var started = Stopwatch.GetTimestamp();
                foreach (var change in changes)
                {
                    var type = WebhookDeliveries.EventType(change, webhook.CursorSeq);
                    if (webhook.Wants(type))
                    {
                        if (Stopwatch.GetElapsedTime(started) > Budget)
                        {
                            cutShort = true;
                            break;
                        }

                        var at = timeProvider.GetUtcNow();
                        var eventId = WebhookDeliveries.EventId(webhook.Id, change.Seq);
                        var outcome = await sender.SendAsync(webhook.Url, webhook.SigningSecrets(at), eventId, new WebhookPayload(type, change.At, change.Change), c);
                        attempts.Add(WebhookDeliveries.Record(webhook, eventId, type, at, outcome));
                        if (!outcome.Succeeded)
                        {
                            failed = true;
                            break;
                        }
                    }

                    delivered = change.Seq;
                }

                // The webhook as it is now: its owner may have changed or deleted it meanwhile.
                var current = await db.Webhooks
                    .FromSql($"SELECT * FROM webhooks WHERE user_id = {owner} AND id = {webhookId} FOR UPDATE")
                    .SingleOrDefaultAsync(c);
                if (current is null)
                {
                    return false;
                }

                var end = timeProvider.GetUtcNow();
                if (delivered > current.CursorSeq)
                {
                    current.DeliveredUpTo(delivered, end);
                }

                if (failed)
                {
                    current.Failed(end);
                }

                db.WebhookDeliveries.AddRange(attempts);
                await db.SaveChangesAsync(c);
                await transaction.CommitAsync(c);
                return !failed && (cutShort || changes.Count == ChangesPerTurn);
            },
            cancellationToken);
    }

    /// <summary>The advisory lock of one webhook: the random half of its (version 7) id.</summary>
    private static long LockKey(Guid webhookId)
    {
        Span<byte> bytes = stackalloc byte[16];
        webhookId.TryWriteBytes(bytes, bigEndian: true, out _);
        return BitConverter.ToInt64(bytes[8..]);
    }
}

/// <summary>
/// Delivers what is waiting across users: finds the active webhooks that are due and behind their owner's change feed
/// (the one query that looks across users: co-located on Citus, joined on <c>user_id</c>), then runs each one's
/// <see cref="WebhookTurn"/> in a scope acting for its owner, several at once. A pass goes on while turns report more.
/// Any number of replicas may run passes at once: a webhook's turns exclude each other.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
{
    /// <summary>Webhooks taken from the search at a time.</summary>
    private const int WebhooksAtOnce = 1000;

    /// <summary>Runs passes until nothing due is left (only <paramref name="onlyUser"/>'s webhooks when given); returns the turns run.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken, Guid? onlyUser = null)
    {
        var turns = 0;
        var done = new HashSet<(Guid, Guid)>();
        while (true)
        {
            var due = await DueAsync(timeProvider.GetUtcNow(), onlyUser, cancellationToken);
            due.RemoveAll(done.Contains);
            if (due.Count == 0)
            {
                return turns;
            }

            await Parallel.ForEachAsync(
                due,
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
                async (webhook, c) =>
                {
                    var more = false;
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActFor(webhook.UserId);
                        more = await scope.ServiceProvider.GetRequiredService<WebhookTurn>().RunAsync(webhook.Id, c);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // One webhook's failure (its owner erased meanwhile, the database away) leaves the others alone.
                        LogTurnFailed(logger, webhook.Id, exception);
                    }

                    Interlocked.Increment(ref turns);
                    if (!more)
                    {
                        lock (done)
                        {
                            done.Add(webhook);
                        }
                    }
                });
        }
    }

    private async Task<List<(Guid UserId, Guid Id)>> DueAsync(DateTimeOffset now, Guid? onlyUser, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async c =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(c);
                if (onlyUser is null)
                {
                    await db.AllowEveryShardAsync(c);
                }

                var webhooks = db.Webhooks.AsNoTracking().Where(w => w.Status == WebhookStatus.Active && w.NextAttemptAt <= now);
                if (onlyUser is { } user)
                {
                    webhooks = webhooks.Where(w => w.UserId == user);
                }

                var due = await webhooks
                    .Join(db.UserTotals, w => w.UserId, t => t.UserId, (w, t) => new { w.UserId, w.Id, w.CursorSeq, t.LastChangeSeq })
                    .Where(x => x.LastChangeSeq > x.CursorSeq)
                    .Take(WebhooksAtOnce)
                    .Select(x => new { x.UserId, x.Id })
                    .ToListAsync(c);
                await transaction.CommitAsync(c);
                return due.Select(x => (x.UserId, x.Id)).ToList();
            },
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering to webhook {WebhookId} failed; retrying at the next pass")]
    private static partial void LogTurnFailed(ILogger logger, Guid webhookId, Exception exception);
}

/// <summary>Runs <see cref="WebhookDispatcher"/> passes on every replica, one every <see cref="WebhookOptions.Interval"/> while nothing is waiting.</summary>
public sealed partial class WebhookDeliveryService(
    WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time: how soon a change is delivered, not a day of the business.
        using var timer = new PeriodicTimer(options.Value.Interval, TimeProvider.System);
        do
        {
            try
            {
                await dispatcher.RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPassFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for webhook deliveries failed; retrying at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
