using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Sync;

/// <summary>
/// The caller's change feed: live transactions and delete markers after a position, in the order they were committed.
/// </summary>
/// <remarks>
/// Every write takes the next number from its owner's <c>user_totals</c> row and holds that row's lock until it commits
/// (<c>Persistence/Sql/transactions_track_changes.sql</c>), so a user's numbers commit in order: once a number is
/// visible, every smaller one is too. A row carries the number of its last change, so a page never misses an update
/// made while a follower pages (the row moves past the cursor), and both kinds of change are read by one statement,
/// in one snapshot.
/// </remarks>
public sealed class ChangeFeedService(CashmanDbContext db, CurrentUser currentUser, TimeProvider timeProvider, ChangeCursorKey cursorKey, IOptions<ChangesOptions> options)
{
    public async Task<ChangesResponse> ReadAsync(ChangesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = timeProvider.GetUtcNow();
        var owner = currentUser.Id;
        ChangeCursor from;
        if (query.After is null)
        {
            // A first sync: every live row once; markers of deletes made before it started delete nothing the follower has.
            var position = await db.UserTotals.AsNoTracking().Where(t => t.UserId == owner).Select(t => (long?)t.LastChangeSeq)
                .SingleOrDefaultAsync(cancellationToken) ?? 0;
            from = new ChangeCursor(0, position, now);
        }
        else
        {
            from = ChangeCursor.Open(query.After, owner, cursorKey, "after");
            if (from.Since < now - options.Value.Retention)
            {
                throw new ChangeCursorExpiredException(options.Value.RetentionDays);
            }
        }

        var rows = await AfterAsync(from.Seq, Math.Max(from.Seq, from.Floor), query.Limit + 1, cancellationToken);
        var hasMore = rows.Count > query.Limit;
        var page = hasMore ? rows[..query.Limit] : rows;
        var last = page.Count > 0 ? page[^1].Seq : from.Seq;

        // With more to come, the changes after `last` may be as old as the incoming cursor's instant; once caught up,
        // every later change is newer than this read.
        var next = new ChangeCursor(last, from.Floor, hasMore ? from.Since : now);
        return new ChangesResponse([.. page.Select(r => r.Change)], next.Seal(owner, cursorKey), hasMore);
    }

    /// <summary>
    /// The caller's changes numbered after <paramref name="after"/> (delete markers after <paramref name="deletesAfter"/>),
    /// oldest first, at most <paramref name="limit"/>: live rows and markers read by one statement, in one snapshot.
    /// </summary>
    public async Task<List<FeedChange>> AfterAsync(long after, long deletesAfter, int limit, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var upserts = db.Transactions.Where(t => t.UserId == owner && t.ChangeSeq > after).Select(t => new ChangeRow
        {
            Seq = t.ChangeSeq,
            CreatedSeq = EF.Property<long?>(t, TransactionRows.CreatedSeq),
            At = t.UpdatedAt,
            Deleted = false,
            Id = t.Id,
            Type = t is Income ? TransactionKindNames.Income : t is Expense ? TransactionKindNames.Expense : TransactionKindNames.Transfer,
            AccountId = t.AccountId,
            Currency = t.Currency,
            ToAccountId = t.ToAccountId,
            ToAmount = t.ToAmount,
            ToCurrency = t.ToCurrency,
            Description = t.Description,
            Amount = t.Amount,
            Category = t.Category,
            CategoryId = t.CategoryId,
            OccurredOn = t.OccurredOn,
            ExternalId = t.ExternalId,
            CreatedAt = t.CreatedAt,
            UpdatedAt = t.UpdatedAt,
        });
        var deletes = db.DeletedTransactions.Where(d => d.UserId == owner && d.ChangeSeq > deletesAfter).Select(d => new ChangeRow
        {
            Seq = d.ChangeSeq,
            CreatedSeq = null,
            At = d.DeletedAt,
            Deleted = true,
            Id = d.Id,
            Type = d.Type,
            AccountId = null,
            Currency = null,
            ToAccountId = null,
            ToAmount = null,
            ToCurrency = null,
            Description = null,
            Amount = null,
            Category = null,
            CategoryId = null,
            OccurredOn = null,
            ExternalId = d.ExternalId,
            CreatedAt = null,
            UpdatedAt = null,
        });
        var rows = await upserts.Concat(deletes).OrderBy(r => r.Seq).Take(limit).AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.Select(r => new FeedChange(r.Seq, r.CreatedSeq, r.At, ToChange(r)))];
    }

    private static ChangeResponse ToChange(ChangeRow row) => row.Deleted
        ? new ChangeResponse { Op = ChangeResponse.Delete, Id = row.Id, Type = row.Type, ExternalId = row.ExternalId }
        : new ChangeResponse
        {
            Op = ChangeResponse.Upsert,
            Transaction = new TransactionResponse
            {
                Id = row.Id,
                Type = row.Type,
                AccountId = row.AccountId!.Value,
                Currency = row.Currency!,
                ToAccountId = row.ToAccountId,
                ToAmount = row.ToAmount,
                ToCurrency = row.ToCurrency,
                Description = row.Description!,
                Amount = row.Amount!.Value,
                Category = row.Category,
                CategoryId = row.CategoryId,
                OccurredOn = row.OccurredOn!.Value,
                ExternalId = row.ExternalId,
                CreatedAt = row.CreatedAt!.Value,
                UpdatedAt = row.UpdatedAt!.Value,
            },
        };

    /// <summary>A live row or a delete marker, in one shape so that both are read by one statement.</summary>
    private sealed record ChangeRow
    {
        public long Seq { get; init; }

        public long? CreatedSeq { get; init; }

        public DateTimeOffset At { get; init; }

        public bool Deleted { get; init; }

        public Guid Id { get; init; }

        public required string Type { get; init; }

        public Guid? AccountId { get; init; }

        public string? Currency { get; init; }

        public Guid? ToAccountId { get; init; }

        public decimal? ToAmount { get; init; }

        public string? ToCurrency { get; init; }

        public string? Description { get; init; }

        public decimal? Amount { get; init; }

        public string? Category { get; init; }

        public Guid? CategoryId { get; init; }

        public DateOnly? OccurredOn { get; init; }

        public string? ExternalId { get; init; }

        public DateTimeOffset? CreatedAt { get; init; }

        public DateTimeOffset? UpdatedAt { get; init; }
    }
}

/// <summary>One change of the feed with its number, the number of the change that created its row (null for a delete or a
/// row older than webhooks) and when it was made.</summary>
public sealed record FeedChange(long Seq, long? CreatedSeq, DateTimeOffset At, ChangeResponse Change);
