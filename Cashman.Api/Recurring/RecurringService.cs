using AutoMapper;
using Cashman.Api.Accounts;
using Cashman.Api.Http;
using Cashman.Api.Sync;
using Cashman.Api.Telemetry;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Domain.Recurring;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Recurring;

/// <summary>
/// The caller's recurring transactions. A template is checked by building the transaction it posts, so it follows every
/// rule a transaction does. Posting (by hand or by <see cref="RecurringPosting"/>) runs under the owner's lock, which
/// every write of the owner takes first, and records each posted day with its transaction in the same database
/// transaction: a day is posted once, whoever posts it, and a deleted transaction never comes back. Every query names
/// the caller.
/// </summary>
public sealed class RecurringService(
    CashmanDbContext db,
    RequestTransaction requestTransaction,
    CurrentUser currentUser,
    NewTransactions newTransactions,
    CallerAccounts callerAccounts,
    BulkTransactionService bulk,
    IMapper mapper,
    CashmanMetrics metrics)
{
    /// <summary>The most days one posting transaction writes; a longer backlog is posted in turns.</summary>
    public const int MaxPostedAtOnce = 1000;

    private const string TemplateField = "template";

    /// <summary>Every recurring transaction, by creation, with an ETag over the whole list.</summary>
    public async Task<(RecurringListResponse List, string ETag)> ListAsync(CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var rules = await db.RecurringTransactions.AsNoTracking().Where(r => r.UserId == owner).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var paths = await PathsAsync(rules, cancellationToken);
        var list = new RecurringListResponse([.. rules.Select(r => Response(r, paths))]);
        return (list, WholeListETag.Of(list.Items.Select(r => new { r.Id, r.Version, r.NextOn, r.Template.Category })));
    }

    public async Task<RecurringResponse> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var rule = await FindAsync(db, id, tracked: false, cancellationToken);
        return Response(rule, await PathsAsync([rule], cancellationToken));
    }

    public async Task<RecurringResponse> CreateAsync(RecurringRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = currentUser.Id;
        var (template, book) = await TemplateAsync(request.Template, cancellationToken);
        var now = newTransactions.Now();
        var (built, parsed, startsOn) = Build(request, template, book, now);
        var rule = new RecurringTransaction(Guid.CreateVersion7(now), built, parsed, startsOn, request.EndsOn, request.AutoPost ?? true, now);
        rule.MoveTo(parsed.Days(startsOn, request.EndsOn, startsOn, DateOnly.MaxValue).Cast<DateOnly?>().FirstOrDefault(), book.TimeZone);
        await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                // Counted under the owner's lock: two creations cannot both pass.
                context.ChangeTracker.Clear();
                await context.LockOwnerAsync(owner, c);
                if (await context.RecurringTransactions.CountAsync(r => r.UserId == owner, c) >= RecurringTransaction.MaxPerUser)
                {
                    throw new ConflictException($"You have {RecurringTransaction.MaxPerUser} recurring transactions, the most a user may have.");
                }

                await CategoriseAsync(context, rule, built, c);
                context.RecurringTransactions.Add(rule);
                await context.SaveChangesAsync(c);
                return 0;
            },
            (context, c) => context.RecurringTransactions.AnyAsync(r => r.UserId == owner && r.Id == rule.Id, c),
            cancellationToken);
        return Response(rule, await PathsAsync([rule], cancellationToken));
    }

    /// <summary>
    /// Replaces the template and the schedule; posted transactions stay as they are. A new rule, first or last day goes on
    /// after the last day posted or skipped (from <c>startsOn</c> when there is none), so days already dealt with under
    /// the old schedule are not posted again under the new one.
    /// </summary>
    public async Task<RecurringResponse> UpdateAsync(Guid id, RecurringRequest request, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = currentUser.Id;
        var (template, book) = await TemplateAsync(request.Template, cancellationToken);
        var now = newTransactions.Now();
        var (built, parsed, startsOn) = Build(request, template, book, now);
        var rule = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                await context.LockOwnerAsync(owner, c);
                var rule = await FindAsync(context, id, tracked: true, c);
                ifMatch?.Check(rule.Version);
                var rescheduled = rule.Rule != parsed.Text || rule.StartsOn != startsOn || rule.EndsOn != request.EndsOn;
                rule.Update(built, parsed, startsOn, request.EndsOn, request.AutoPost ?? true, now);
                var from = rule.NextOn;
                if (rescheduled)
                {
                    var lastSettled = await Settled(context, rule).MaxAsync(o => (DateOnly?)o.Day, c);
                    from = lastSettled is { } last && last >= startsOn ? last.AddDays(1) : startsOn;
                }

                rule.MoveTo(from is { } day ? await NextUnsettledAsync(context, rule, day, c) : null, book.TimeZone);
                await CategoriseAsync(context, rule, built, c);
                await context.SaveChangesAsync(c);
                return rule;
            },
            (context, c) => context.RecurringTransactions.AnyAsync(r => r.UserId == owner && r.Id == id && r.UpdatedAt == now, c),
            cancellationToken);
        return Response(rule, await PathsAsync([rule], cancellationToken));
    }

    /// <summary>Deletes a recurring transaction and what is recorded of its days; the transactions it posted stay.</summary>
    public async Task DeleteAsync(Guid id, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                await context.LockOwnerAsync(owner, c);
                var rule = await FindAsync(context, id, tracked: false, c);
                ifMatch?.Check(rule.Version);
                return await context.RecurringTransactions.Where(r => r.UserId == owner && r.Id == id).ExecuteDeleteAsync(c);
            },
            async (context, c) => !await context.RecurringTransactions.AnyAsync(r => r.UserId == owner && r.Id == id, c),
            cancellationToken);
    }

    /// <summary>
    /// The rule's days from <paramref name="from"/> to <paramref name="to"/> (today and a year on by default; a year up to
    /// <paramref name="to"/> when only it is given), each with its status.
    /// </summary>
    public async Task<OccurrenceListResponse> OccurrencesAsync(Guid id, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var rule = await FindAsync(db, id, tracked: false, cancellationToken);
        var settings = await callerAccounts.SettingsAsync(cancellationToken);
        var today = MoneyRules.Today(newTransactions.Now(), settings.TimeZone);
        // Without an end, the range is the longest one from the other end (or from today), within the calendar.
        const int span = Occurrences.MaxRangeDays - 1;
        var first = from ?? (to is { } last ? DateOnly.FromDayNumber(Math.Max(0, last.DayNumber - span)) : today);
        var end = to ?? DateOnly.FromDayNumber(Math.Min(DateOnly.MaxValue.DayNumber, first.DayNumber + span));
        var records = await db.RecurringOccurrences.AsNoTracking()
            .Where(o => o.UserId == owner && o.RecurringId == id && o.Day >= first && o.Day <= end)
            .ToDictionaryAsync(o => o.Day, o => o.Record, cancellationToken);
        var days = Occurrences.Between(rule.ParsedRule(), rule.StartsOn, rule.EndsOn, first, end, today, rule.Amount, rule.Description, records);
        return new([.. days.Select(OccurrenceResponse.From)]);
    }

    /// <summary>
    /// Skips one day (<c>skip: true</c>), posts it again (<c>skip: false</c>), or posts it with another amount or
    /// description. A day that is not one of the rule's is a 404; one already posted is a 409.
    /// </summary>
    public async Task<OccurrenceResponse> SetOccurrenceAsync(Guid id, DateOnly date, OccurrenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Skip is true && (request.Amount is not null || request.Description is not null))
        {
            throw DomainValidationException.For("skip", "Send either skip or an override (amount, description), not both.");
        }

        if (request.Skip is null && request.Amount is null && request.Description is null)
        {
            throw DomainValidationException.For("skip", "Send skip: true to skip the day, or an amount or description to post instead.");
        }

        var owner = currentUser.Id;
        var now = newTransactions.Now();
        var (occurrence, rule, book) = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                await context.LockOwnerAsync(owner, c);
                var rule = await FindAsync(context, id, tracked: true, c);
                RequireDayOf(rule, date);
                var book = await callerAccounts.BookAsync([], c, all: true, categoryIds: [rule.CategoryId]);
                var occurrence = await context.RecurringOccurrences.SingleOrDefaultAsync(o => o.UserId == owner && o.RecurringId == id && o.Day == date, c);
                if (occurrence is null)
                {
                    occurrence = new RecurringOccurrence(owner, id, date, now);
                    context.RecurringOccurrences.Add(occurrence);
                }

                var wasSkipped = occurrence.Skipped;
                if (request.Skip is true)
                {
                    occurrence.Skip(true, now);
                }
                else
                {
                    // The day as it would be posted, checked like any transaction: the amount's sign and decimals, the text.
                    var posted = Posting(rule, date, request.Amount ?? occurrence.Amount, request.Description ?? occurrence.Description, book, now);
                    occurrence.Override(
                        request.Amount is null && occurrence.Amount is null ? null : posted.Amount,
                        request.Description is null && occurrence.Description is null ? null : posted.Description,
                        now);
                }

                await context.SaveChangesAsync(c);
                if (wasSkipped != occurrence.Skipped && (occurrence.Skipped ? rule.NextOn == date : rule.NextOn is null || date < rule.NextOn))
                {
                    // Skipping the next day moves posting past it; posting a skipped day again brings it back.
                    rule.MoveTo(await NextUnsettledAsync(context, rule, date, c), book.TimeZone);
                    await context.SaveChangesAsync(c);
                }

                return (occurrence, rule, book);
            },
            (context, c) => context.RecurringOccurrences.AnyAsync(o => o.UserId == owner && o.RecurringId == id && o.Day == date && o.UpdatedAt == now, c),
            cancellationToken);
        var today = book.Today(now);
        var status = occurrence.Skipped ? OccurrenceStatus.Skipped : date <= today ? OccurrenceStatus.Due : OccurrenceStatus.Upcoming;
        return OccurrenceResponse.From(new Occurrence(date, status, occurrence.Amount ?? rule.Amount, occurrence.Description ?? rule.Description, null));
    }

    /// <summary>Every day whose turn has come and that is neither posted nor skipped, earliest first.</summary>
    public async Task<DueListResponse> DueAsync(CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var settings = await callerAccounts.SettingsAsync(cancellationToken);
        var today = MoneyRules.Today(newTransactions.Now(), settings.TimeZone);
        var rules = await db.RecurringTransactions.AsNoTracking()
            .Where(r => r.UserId == owner && r.NextOn != null && r.NextOn <= today)
            .ToListAsync(cancellationToken);
        var due = new List<DueOccurrenceResponse>();
        var records = rules.Count == 0 ? [] : await RecordsAsync(db, rules, rules.Min(r => r.NextOn!.Value), cancellationToken);
        foreach (var rule in rules)
        {
            foreach (var day in Unsettled(rule, records, today, DueListResponse.MaxItems + 1))
            {
                var record = records.GetValueOrDefault((rule.Id, day));
                due.Add(new()
                {
                    RecurringId = rule.Id,
                    Date = day,
                    Amount = record?.Amount ?? rule.Amount,
                    Currency = rule.Currency,
                    Description = record?.Description ?? rule.Description,
                });
            }
        }

        var earliest = due.OrderBy(d => d.Date).ThenBy(d => d.RecurringId).ToList();
        return new() { Items = [.. earliest.Take(DueListResponse.MaxItems)], HasMore = earliest.Count > DueListResponse.MaxItems };
    }

    /// <summary>Posts one day of the rule now, whatever its status but posted (a 409), with its override if it has one.</summary>
    public async Task<TransactionResponse> PostOneAsync(Guid id, DateOnly date, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var now = newTransactions.Now();
        var (posted, seq) = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                var seq = await context.LockOwnerAsync(owner, c);
                var rule = await FindAsync(context, id, tracked: true, c);
                RequireDayOf(rule, date);
                var book = await callerAccounts.BookAsync([], c, all: true, categoryIds: [rule.CategoryId]);
                var records = await RecordsAsync(context, [rule], date, c);
                if (records.GetValueOrDefault((rule.Id, date)) is { IsPosted: true })
                {
                    throw new ConflictException("This day is already posted.");
                }

                var (posted, last) = await PostLockedAsync(context, seq, [Posting(rule, date, records, book, now)], records, now, c);
                rule.MoveTo(NextUnsettled(rule, records, rule.NextOn ?? date), book.TimeZone);
                await context.SaveChangesAsync(c);
                return posted.Count == 1
                    ? (posted[0], last)
                    : throw new ConflictException($"You already have a transaction with the external id {rule.ExternalIdOn(date)}.");
            },
            (context, c) => context.RecurringOccurrences.AnyAsync(o => o.UserId == owner && o.RecurringId == id && o.Day == date && o.TransactionId != null, c),
            cancellationToken);
        requestTransaction.AfterCommit(() => metrics.TransactionsWritten(WriteOperation.Create));
        return mapper.Map<Transaction, TransactionResponse>(posted) with { ChangeSeq = seq };
    }

    /// <summary>
    /// Posts every day of the caller's self-posting rules that has begun by <paramref name="now"/> and is neither posted
    /// nor skipped, in one database transaction under the owner's lock and with one copy for all of them (at most
    /// <see cref="MaxPostedAtOnce"/> days: the rest stay due for the next turn). Returns how many transactions were
    /// written. Safe to run on any number of replicas at once: the lock serialises them, and a day found posted is not
    /// posted again.
    /// </summary>
    public async Task<int> PostDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var written = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                var seq = await context.LockOwnerAsync(owner, c);
                var rules = await context.RecurringTransactions
                    .Where(r => r.UserId == owner && r.NextDueAt != null && r.NextDueAt <= now)
                    .OrderBy(r => r.NextDueAt)
                    .ToListAsync(c);
                if (rules.Count == 0)
                {
                    return 0;
                }

                var book = await callerAccounts.BookAsync([], c, all: true, categoryIds: rules.Select(r => r.CategoryId));
                var today = book.Today(now);
                var records = await RecordsAsync(context, rules, rules.Min(r => r.NextOn!.Value), c);
                var postings = new List<DayPosting>();
                var failed = new List<RecurringTransaction>();
                foreach (var rule in rules.TakeWhile(_ => postings.Count < MaxPostedAtOnce))
                {
                    try
                    {
                        postings.AddRange(Unsettled(rule, records, today, MaxPostedAtOnce - postings.Count).Select(day => Posting(rule, day, records, book, now)));
                    }
                    catch (DomainValidationException)
                    {
                        // The template no longer makes a valid transaction (its account was archived): only the user can
                        // mend it. The days stay due (GET /recurring/due shows them) and posting tries again in an hour.
                        failed.Add(rule);
                        rule.RetryAt(now.AddHours(1));
                    }
                }

                var (posted, _) = await PostLockedAsync(context, seq, postings, records, now, c);
                foreach (var rule in rules.Except(failed))
                {
                    // Past what was posted now (or, for a rule whose backlog is longer than one turn, at its rest).
                    rule.MoveTo(NextUnsettled(rule, records, rule.NextOn!.Value), book.TimeZone);
                }

                await context.SaveChangesAsync(c);
                return posted.Count;
            },
            // Run again after a lost commit, it finds the days posted and writes nothing twice.
            (_, _) => Task.FromResult(false),
            cancellationToken);
        metrics.TransactionsWritten(WriteOperation.Create, written);
        return written;
    }

    /// <summary>One day to post: its rule, its record (an override) if it has one, and the transaction built for it.</summary>
    private sealed record DayPosting(RecurringTransaction Rule, DateOnly Day, RecurringOccurrence? Record, Transaction Row);

    /// <summary>
    /// Writes the transactions of <paramref name="postings"/> with one copy and records each day as posted (in
    /// <paramref name="records"/> too); within the caller's database transaction and under the owner's lock (number
    /// <paramref name="seq"/>). A day whose external id a transaction already has (stored, or deleted) stands posted by
    /// it. Returns the transactions written and the last change number.
    /// </summary>
    private async Task<(List<Transaction> Posted, long Seq)> PostLockedAsync(
        CashmanDbContext context, long seq, List<DayPosting> postings, Dictionary<(Guid, DateOnly), RecurringOccurrence> records,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (postings.Count == 0)
        {
            return ([], seq);
        }

        var outcome = await bulk.StoreLockedAsync(seq, [.. postings.Select(p => p.Row)], reimportDeleted: false, dryRun: false, cancellationToken);
        foreach (var (posting, result) in postings.Zip(outcome.Results))
        {
            var (rule, day) = (posting.Rule, posting.Day);
            var occurrence = posting.Record ?? (records[(rule.Id, day)] = context.RecurringOccurrences.Add(new RecurringOccurrence(rule.UserId, rule.Id, day, now)).Entity);
            occurrence.Posted(result.Id, now);
        }

        return ([.. postings.Where((_, i) => outcome.Results[i].Status == BatchItemResult.Created).Select(p => p.Row)], outcome.ChangeSeq);
    }

    /// <summary>The transaction the rule posts on <paramref name="day"/>, with the day's override if it has one.</summary>
    private DayPosting Posting(RecurringTransaction rule, DateOnly day, Dictionary<(Guid, DateOnly), RecurringOccurrence> records, AccountBook book, DateTimeOffset now)
    {
        var record = records.GetValueOrDefault((rule.Id, day));
        return new DayPosting(rule, day, record, Posting(rule, day, record?.Amount, record?.Description, book, now, rule.ExternalIdOn(day)));
    }

    /// <summary>The transaction the rule posts on <paramref name="day"/>, with an override's amount and description.</summary>
    private Transaction Posting(RecurringTransaction rule, DateOnly day, decimal? amount, string? description, AccountBook book, DateTimeOffset now, string? externalId = null)
    {
        var input = new TransactionInput(
            rule.AccountId, description ?? rule.Description, amount ?? rule.Amount, null, day, externalId, rule.ToAccountId, rule.ToAmount, rule.CategoryId);
        return newTransactions.Build(rule.Kind, input, book, now);
    }

    /// <summary>What is recorded of the days of <paramref name="rules"/> from <paramref name="from"/> on, tracked, in one query.</summary>
    private static async Task<Dictionary<(Guid, DateOnly), RecurringOccurrence>> RecordsAsync(
        CashmanDbContext context, List<RecurringTransaction> rules, DateOnly from, CancellationToken cancellationToken)
    {
        var owner = rules[0].UserId;
        var ids = rules.Select(r => r.Id).ToList();
        return await context.RecurringOccurrences
            .Where(o => o.UserId == owner && ids.Contains(o.RecurringId) && o.Day >= from)
            .ToDictionaryAsync(o => (o.RecurringId, o.Day), cancellationToken);
    }

    /// <summary>
    /// The rule's days from its <see cref="RecurringTransaction.NextOn"/> to <paramref name="today"/> that are neither
    /// posted nor skipped, at most <paramref name="limit"/>; <paramref name="records"/> holds the rule's records from then on.
    /// </summary>
    private static IEnumerable<DateOnly> Unsettled(RecurringTransaction rule, Dictionary<(Guid, DateOnly), RecurringOccurrence> records, DateOnly today, int limit) =>
        rule.NextOn is { } next && next <= today
            ? rule.ParsedRule().Days(rule.StartsOn, rule.EndsOn, next, today).Where(day => records.GetValueOrDefault((rule.Id, day)) is not { IsSettled: true }).Take(limit)
            : [];

    /// <summary>
    /// The first day of the rule on or after <paramref name="from"/> that is neither posted nor skipped, or null;
    /// <paramref name="records"/> holds the rule's records from <paramref name="from"/> on.
    /// </summary>
    private static DateOnly? NextUnsettled(RecurringTransaction rule, Dictionary<(Guid, DateOnly), RecurringOccurrence> records, DateOnly from) =>
        rule.ParsedRule().Days(rule.StartsOn, rule.EndsOn, from, DateOnly.MaxValue)
            .Where(day => records.GetValueOrDefault((rule.Id, day)) is not { IsSettled: true })
            .Cast<DateOnly?>()
            .FirstOrDefault();

    /// <summary>The first day of the rule on or after <paramref name="from"/> that is neither posted nor skipped, or null.</summary>
    private static async Task<DateOnly?> NextUnsettledAsync(CashmanDbContext context, RecurringTransaction rule, DateOnly from, CancellationToken cancellationToken) =>
        NextUnsettled(rule, await RecordsAsync(context, [rule], from, cancellationToken), from);

    private static IQueryable<RecurringOccurrence> Settled(CashmanDbContext context, RecurringTransaction rule) =>
        context.RecurringOccurrences.Where(o => o.UserId == rule.UserId && o.RecurringId == rule.Id && (o.TransactionId != null || o.Skipped));

    /// <summary>The template's accounts and category, read in one go; a missing template is a 400.</summary>
    private async Task<(RecurringTemplate Template, AccountBook Book)> TemplateAsync(RecurringTemplate? template, CancellationToken cancellationToken)
    {
        if (template is null)
        {
            throw DomainValidationException.For(TemplateField, "The template is required: the transaction to post on each day of the rule.");
        }

        return (template, await callerAccounts.BookAsync([template.AccountId, template.ToAccountId], cancellationToken, categoryIds: [template.CategoryId]));
    }

    /// <summary>The template's transaction, the rule and the first day, every invalid field named in one 400.</summary>
    private (Transaction Template, RecurrenceRule Rule, DateOnly StartsOn) Build(RecurringRequest request, RecurringTemplate template, AccountBook book, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var startsOn = request.StartsOn ?? book.Today(now);
        foreach (var (field, day) in new[] { ("startsOn", (DateOnly?)startsOn), ("endsOn", request.EndsOn) })
        {
            if (day is { } d && (d < MoneyRules.MinDate || d > MoneyRules.MaxDate))
            {
                errors[field] = [$"The day must be from {MoneyRules.MinDate:yyyy-MM-dd} to {MoneyRules.MaxDate:yyyy-MM-dd}."];
            }
        }

        if (request.EndsOn is { } end && end < startsOn)
        {
            errors["endsOn"] = ["endsOn must be on or after startsOn."];
        }

        var kind = TransactionKindNames.Parse(template.Type);
        if (kind is null)
        {
            errors["template.type"] = ["The type must be income, expense or transfer."];
        }

        Transaction? built = null;
        RecurrenceRule? rule = null;
        Collect(errors, "template.", () => built = newTransactions.Build(kind ?? TransactionKind.Expense, template.ToInput(startsOn), book, now));
        Collect(errors, string.Empty, () => rule = RecurrenceRule.Parse(request.Rule, startsOn, request.EndsOn));
        return errors.Count > 0 ? throw new DomainValidationException(errors) : (built!, rule!, startsOn);
    }

    private static void Collect(Dictionary<string, string[]> errors, string prefix, Action build)
    {
        try
        {
            build();
        }
        catch (DomainValidationException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                errors.TryAdd(prefix + field, messages);
            }
        }
    }

    /// <summary>
    /// Gives the rule the template's category: by id (checked to be the caller's), or by path, the caller's category of that
    /// path or a new one, found or created as a transaction's is (<c>category_of</c>), under the owner's lock.
    /// </summary>
    private static async Task CategoriseAsync(CashmanDbContext context, RecurringTransaction rule, Transaction template, CancellationToken cancellationToken)
    {
        if (template.CategoryId is not null || template.Category is not { } path)
        {
            rule.Recategorise(template.CategoryId);
            return;
        }

        var owner = rule.UserId;
        var found = await context.Database
            .SqlQuery<Guid>($"SELECT id AS \"Value\" FROM category_of({owner}, NULL::uuid, {path})")
            .ToListAsync(cancellationToken);
        rule.Recategorise(found.Single());
    }

    private async Task<Dictionary<Guid, string>> PathsAsync(IEnumerable<RecurringTransaction> rules, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var ids = rules.Select(r => r.CategoryId).OfType<Guid>().Distinct().ToArray();
        return ids.Length == 0
            ? []
            : await db.Categories.AsNoTracking().Where(c => c.UserId == owner && ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Path, cancellationToken);
    }

    private static RecurringResponse Response(RecurringTransaction rule, Dictionary<Guid, string> paths) =>
        RecurringResponse.From(rule, rule.CategoryId is { } category ? paths.GetValueOrDefault(category) : null);

    private async Task<RecurringTransaction> FindAsync(CashmanDbContext context, Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var rules = tracked ? context.RecurringTransactions : context.RecurringTransactions.AsNoTracking();
        return await rules.SingleOrDefaultAsync(r => r.UserId == owner && r.Id == id, cancellationToken) ?? throw new NotFoundException();
    }

    /// <summary>A day that is not one of the rule's has no occurrence: a 404, as for any resource that does not exist.</summary>
    private static void RequireDayOf(RecurringTransaction rule, DateOnly date)
    {
        if (!rule.ParsedRule().Days(rule.StartsOn, rule.EndsOn, date, date).Any())
        {
            throw new NotFoundException();
        }
    }

}
