using Cashman.Domain.Common;
using Cashman.Domain.Transactions;

namespace Cashman.Domain.Recurring;

/// <summary>
/// A transaction that comes back on a schedule: a template (the fields of a transaction of any kind, validated by building
/// one), an RFC 5545 rule of days from <see cref="StartsOn"/> (to <see cref="EndsOn"/>), and where posting stands:
/// <see cref="NextOn"/> is the first day of the rule not yet posted or skipped, and <see cref="NextDueAt"/> the instant it
/// begins in the owner's time zone when the rule posts by itself (the background posting looks for rules by it).
/// </summary>
public sealed class RecurringTransaction
{
    /// <summary>The most recurring transactions a user may have.</summary>
    public const int MaxPerUser = 1000;

    private RecurringTransaction()
    {
        Description = Currency = Rule = string.Empty;
    }

    /// <param name="id">A new id.</param>
    /// <param name="template">A transaction built (and so validated) from the template's fields.</param>
    /// <param name="rule">The rule, parsed against <paramref name="startsOn"/> and <paramref name="endsOn"/>.</param>
    /// <param name="startsOn">The first day the rule counts from.</param>
    /// <param name="endsOn">The last day it may produce, or null.</param>
    /// <param name="autoPost">Whether due days are posted by themselves.</param>
    /// <param name="now">The time of the write.</param>
    public RecurringTransaction(Guid id, Transaction template, RecurrenceRule rule, DateOnly startsOn, DateOnly? endsOn, bool autoPost, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        Id = id;
        UserId = template.UserId;
        CreatedAt = now;
        Description = Currency = Rule = string.Empty;
        Update(template, rule, startsOn, endsOn, autoPost, now);
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public TransactionKind Kind { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>The account's currency when the template was written.</summary>
    public string Currency { get; private set; }

    /// <summary>As a transaction of the kind stores it: an expense's is negative.</summary>
    public decimal Amount { get; private set; }

    public string Description { get; private set; }

    public Guid? CategoryId { get; private set; }

    public Guid? ToAccountId { get; private set; }

    public decimal? ToAmount { get; private set; }

    public string? ToCurrency { get; private set; }

    /// <summary>The rule as the client wrote it (without <c>DTSTART</c>).</summary>
    public string Rule { get; private set; }

    public DateOnly StartsOn { get; private set; }

    public DateOnly? EndsOn { get; private set; }

    public bool AutoPost { get; private set; }

    /// <summary>The first day of the rule that is neither posted nor skipped, or null when the rule has no day left.</summary>
    public DateOnly? NextOn { get; private set; }

    /// <summary>When <see cref="NextOn"/> begins in the owner's time zone, if the rule posts by itself; otherwise null.</summary>
    public DateTimeOffset? NextDueAt { get; private set; }

    public Guid Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The parsed rule; the stored text was accepted when it was written.</summary>
    public RecurrenceRule ParsedRule() => RecurrenceRule.Parse(Rule, StartsOn, EndsOn);

    /// <summary>Replaces the template and the schedule; the caller then places <see cref="NextOn"/> with <see cref="MoveTo"/>.</summary>
    public void Update(Transaction template, RecurrenceRule rule, DateOnly startsOn, DateOnly? endsOn, bool autoPost, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(rule);
        if (endsOn is { } end && end < startsOn)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["endsOn"] = ["endsOn must be on or after startsOn."] });
        }

        Kind = template.Kind;
        AccountId = template.AccountId;
        Currency = template.Currency;
        Amount = template.Amount;
        Description = template.Description;
        CategoryId = template.CategoryId;
        ToAccountId = template.ToAccountId;
        ToAmount = template.ToAmount;
        ToCurrency = template.ToCurrency;
        Rule = rule.Text;
        StartsOn = startsOn;
        EndsOn = endsOn;
        AutoPost = autoPost;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>
    /// Places posting at <paramref name="nextOn"/> (null: no day left), due from when that day begins in
    /// <paramref name="timeZone"/> if the rule posts by itself.
    /// </summary>
    public void MoveTo(DateOnly? nextOn, string timeZone)
    {
        if (nextOn != NextOn)
        {
            // What the rule answers changed.
            Version = Guid.NewGuid();
        }

        NextOn = nextOn;
        NextDueAt = AutoPost && nextOn is { } day ? RecurringDays.Begins(day, timeZone) : null;
    }

    /// <summary>Tries again later: posting failed for a reason only the user can mend (an archived account).</summary>
    public void RetryAt(DateTimeOffset at) => NextDueAt = AutoPost && NextOn is not null ? at : null;

    /// <summary>The category moved into another (a merge) or went (<paramref name="categoryId"/> null).</summary>
    public void Recategorise(Guid? categoryId) => CategoryId = categoryId;

    /// <summary>The external id of the transaction posted for <paramref name="day"/>: <c>recurring:{id}:{YYYY-MM-DD}</c>.</summary>
    public string ExternalIdOn(DateOnly day) => FormattableString.Invariant($"recurring:{Id}:{day:yyyy-MM-dd}");

}
