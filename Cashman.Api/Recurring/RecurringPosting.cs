using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Cashman.Api.Http;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Recurring;

/// <summary><c>Recurring__Interval</c>: how often due recurring transactions are looked for (at most a minute, so each is posted within one).</summary>
public sealed class RecurringOptions
{
    public const string SectionName = "Recurring";

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Posts what is due across users: finds the users with a self-posting rule whose next day has begun, through the index on
/// <c>next_due_at</c> (the one query that looks across users), then posts each user's days in a scope of its own, in
/// statements that name that user (<see cref="RecurringService.PostDueAsync"/>). A pass goes on until nothing is due, so
/// days missed while the service was stopped are all posted when it is back. Any number of replicas may run passes at
/// once: each user's posting runs under the owner's lock and finds what another replica posted.
/// </summary>
public sealed partial class RecurringPosting(
    IServiceScopeFactory scopes, TimeProvider timeProvider, RequestActivity activity, ILogger<RecurringPosting> logger)
{
    /// <summary>Users taken from the index at a time.</summary>
    private const int UsersAtOnce = 500;

    /// <summary>
    /// While requests come, a user's turn that took t is followed by a pause of this many t: a long catch-up after
    /// downtime then runs at most a fifth of the time and leaves the rest to the requests.
    /// </summary>
    private const int YieldToRequests = 4;

    /// <summary>Runs one pass; returns how many transactions it posted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Users whose turn failed, or wrote nothing although they were due: this pass does not take them again.
        var done = new HashSet<Guid>();
        var posted = 0;
        while (true)
        {
            var users = await DueUsersAsync(timeProvider.GetUtcNow(), done, cancellationToken);
            if (users.Count == 0)
            {
                break;
            }

            // Replicas that found the same users meet less often in a different order.
            Random.Shared.Shuffle(CollectionsMarshal.AsSpan(users));
            foreach (var user in users)
            {
                var requestsBefore = activity.Started;
                var turn = Stopwatch.StartNew();
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<CurrentUser>().ActFor(user);
                    var written = await scope.ServiceProvider.GetRequiredService<RecurringService>().PostDueAsync(timeProvider.GetUtcNow(), cancellationToken);
                    posted += written;
                    if (written == 0)
                    {
                        done.Add(user);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One user's failure (their account erased meanwhile, the database away) leaves the others alone;
                    // their days stay due, and the next pass tries again.
                    LogUserFailed(logger, user, exception);
                    done.Add(user);
                }

                if (activity.Started != requestsBefore)
                {
                    // Real time, not the clock of the business: this shares the machine, it does not wait for a day.
                    await Task.Delay(turn.Elapsed * YieldToRequests, cancellationToken);
                }
            }
        }

        if (posted > 0)
        {
            LogPosted(logger, posted);
        }

        return posted;
    }

    private async Task<List<Guid>> DueUsersAsync(DateTimeOffset now, HashSet<Guid> done, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async c =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(c);

                await db.AllowEveryShardAsync(c);
                var users = await db.RecurringTransactions.AsNoTracking()
                    .Where(r => r.NextDueAt != null && r.NextDueAt <= now && !done.Contains(r.UserId))
                    .OrderBy(r => r.NextDueAt)
                    .Select(r => r.UserId)
                    .Take(UsersAtOnce)
                    .ToListAsync(c);
                await transaction.CommitAsync(c);
                return users.Distinct().ToList();
            },
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Posted {Count} recurring transactions")]
    private static partial void LogPosted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting the recurring transactions of user {UserId} failed; retrying at the next pass")]
    private static partial void LogUserFailed(ILogger logger, Guid userId, Exception exception);
}

/// <summary>Runs a <see cref="RecurringPosting"/> pass at start and every <see cref="RecurringOptions.Interval"/>, on every replica.</summary>
public sealed partial class RecurringPostingService(
    RecurringPosting posting, TimeProvider timeProvider, IOptions<RecurringOptions> options, ILogger<RecurringPostingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        do
        {
            try
            {
                await posting.RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away; the next tick tries again.
                LogPassFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due recurring transactions failed; retrying at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
