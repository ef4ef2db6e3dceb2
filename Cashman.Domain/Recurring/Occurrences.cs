using Cashman.Domain.Common;

namespace Cashman.Domain.Recurring;

/// <summary>Where one occurrence of a recurring transaction stands.</summary>
public enum OccurrenceStatus
{
    /// <summary>Posted as a transaction (which may have been deleted since: it is never posted again).</summary>
    Posted,

    /// <summary>Skipped by the user before it was posted.</summary>
    Skipped,

    /// <summary>Its day has begun in the user's time zone and it is not posted yet.</summary>
    Due,

    /// <summary>Its day has not begun yet.</summary>
    Upcoming,
}

/// <summary>What is recorded of one day of a rule: posted (with the transaction), skipped, or overridden before posting.</summary>
public sealed record OccurrenceRecord(DateOnly Day, Guid? TransactionId, bool Skipped, decimal? Amount, string? Description);

/// <summary>One occurrence as a client sees it: its day, where it stands, and the amount it has or will have.</summary>
public sealed record Occurrence(DateOnly Date, OccurrenceStatus Status, decimal Amount, string Description, Guid? TransactionId);

/// <summary>The occurrences of a rule over a range of days, from the rule's days and what is recorded of them.</summary>
public static class Occurrences
{
    /// <summary>The longest range of days one answer covers.</summary>
    public const int MaxRangeDays = 366;

    /// <summary>
    /// Every day of <paramref name="rule"/> from <paramref name="from"/> to <paramref name="to"/> (at most
    /// <see cref="MaxRangeDays"/> days, else a <see cref="DomainValidationException"/> naming <c>to</c>), in order, with
    /// its status on <paramref name="today"/> (the user's today): a recorded post or skip stands whatever the day; an
    /// override changes the amount and description of a day not posted yet.
    /// </summary>
    public static List<Occurrence> Between(
        RecurrenceRule rule, DateOnly startsOn, DateOnly? endsOn, DateOnly from, DateOnly to, DateOnly today,
        decimal amount, string description, IReadOnlyDictionary<DateOnly, OccurrenceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(records);
        if (to < from || to.DayNumber - from.DayNumber >= MaxRangeDays)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["to"] = [$"The range is from 1 to {MaxRangeDays} days, to on or after from."],
            });
        }

        return [.. rule.Days(startsOn, endsOn, from, to).Select(day => records.TryGetValue(day, out var record)
            ? record switch
            {
                { TransactionId: { } posted } => new Occurrence(day, OccurrenceStatus.Posted, record.Amount ?? amount, record.Description ?? description, posted),
                { Skipped: true } => new Occurrence(day, OccurrenceStatus.Skipped, record.Amount ?? amount, record.Description ?? description, null),
                _ => new Occurrence(day, StatusOn(day, today), record.Amount ?? amount, record.Description ?? description, null),
            }
            : new Occurrence(day, StatusOn(day, today), amount, description, null))];
    }

    private static OccurrenceStatus StatusOn(DateOnly day, DateOnly today) => day <= today ? OccurrenceStatus.Due : OccurrenceStatus.Upcoming;
}
