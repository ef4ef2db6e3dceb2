using Cashman.Domain.Common;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;

namespace Cashman.Domain.Recurring;

/// <summary>
/// When a recurring transaction comes back: an RFC 5545 recurrence rule without <c>DTSTART</c> (the rule's first day
/// stands in for it), parsed and expanded by Ical.Net, never by hand. Its occurrences are days: a rule says which
/// calendar days, and the user's time zone only says when such a day has begun. A rule that Ical.Net refuses, that is
/// more often than daily, or that can never produce a day is refused here.
/// </summary>
public sealed class RecurrenceRule
{
    /// <summary>The longest rule text taken (the longest sensible rule, every BY part filled, is about 300 characters).</summary>
    public const int MaxLength = 500;

    /// <summary>
    /// How many periods of the rule's frequency may pass without a day before the rule is said to have none left: more
    /// than the 1,461 days between two February 29ths of <c>FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29</c>.
    /// </summary>
    private const int UnmatchedLimit = 2000;

    private static readonly HashSet<FrequencyType> Frequencies = [FrequencyType.Daily, FrequencyType.Weekly, FrequencyType.Monthly, FrequencyType.Yearly];

    private readonly RecurrencePattern _pattern;

    private RecurrenceRule(string text, RecurrencePattern pattern)
    {
        Text = text;
        _pattern = pattern;
    }

    /// <summary>The rule as the client wrote it.</summary>
    public string Text { get; }

    /// <summary>
    /// The rule of <paramref name="text"/>, which must produce at least one day from <paramref name="startsOn"/> on
    /// (to <paramref name="endsOn"/> when set); anything else is a <see cref="DomainValidationException"/> naming <c>rule</c>.
    /// </summary>
    public static RecurrenceRule Parse(string? text, DateOnly startsOn, DateOnly? endsOn = null)
    {
        if (TextRules.IsBlank(text))
        {
            throw Invalid("The rule is required, for example FREQ=MONTHLY;BYMONTHDAY=1.");
        }

        if (text.Length > MaxLength)
        {
            throw Invalid($"The rule is at most {MaxLength} characters.");
        }

        TextRules.RejectControlCharacters(text, "rule");
        RecurrencePattern pattern;
        try
        {
            pattern = new RecurrencePattern(text.Trim());
        }
        catch (ArgumentException e)
        {
            // Ical.Net's messages name the part and the allowed values, and never more than the client sent.
            throw Invalid($"The rule is not an RFC 5545 recurrence rule without DTSTART: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        if (!Frequencies.Contains(pattern.Frequency))
        {
            throw Invalid("The rule must be DAILY, WEEKLY, MONTHLY or YEARLY: a transaction recurs at most once a day.");
        }

        if (pattern.ByHour.Count > 0 || pattern.ByMinute.Count > 0 || pattern.BySecond.Count > 0)
        {
            throw Invalid("The rule names days, never hours, minutes or seconds.");
        }

        var rule = new RecurrenceRule(text, pattern);
        return rule.Days(startsOn, endsOn, startsOn, endsOn ?? DateOnly.MaxValue).Any()
            ? rule
            : throw Invalid("The rule never produces a day from startsOn on.");
    }

    /// <summary>
    /// The days of the rule that starts on <paramref name="startsOn"/> (and ends on <paramref name="endsOn"/> when set)
    /// from <paramref name="from"/> to <paramref name="to"/>, in order.
    /// </summary>
    public IEnumerable<DateOnly> Days(DateOnly startsOn, DateOnly? endsOn, DateOnly from, DateOnly to)
    {
        var last = endsOn is { } end && end < to ? end : to;
        if (last < from || last < startsOn)
        {
            yield break;
        }

        var series = new CalendarEvent { DtStart = new CalDateTime(startsOn.Year, startsOn.Month, startsOn.Day), RecurrenceRule = _pattern };
        var first = from > startsOn ? from : startsOn;
        IEnumerator<Ical.Net.DataTypes.Occurrence>? days = null;
        try
        {
            while (Next(series, first, ref days) is { } day && day <= last)
            {
                yield return day;
            }
        }
        finally
        {
            days?.Dispose();
        }
    }

    /// <summary>The series' next day from <paramref name="first"/> on, or null when it has none left.</summary>
    private static DateOnly? Next(CalendarEvent series, DateOnly first, ref IEnumerator<Ical.Net.DataTypes.Occurrence>? days)
    {
        try
        {
            days ??= series.GetOccurrences(
                new CalDateTime(first.Year, first.Month, first.Day), new EvaluationOptions { MaxUnmatchedIncrementsLimit = UnmatchedLimit }).GetEnumerator();
            return days.MoveNext() ? DateOnly.FromDateTime(days.Current.Period.StartTime.Value) : null;
        }
        catch (EvaluationException)
        {
            // Ical.Net's own guards: UnmatchedLimit periods without a day, or the end of the calendar (year 9999). Such a
            // rule has no day left.
            return null;
        }
    }

    private static DomainValidationException Invalid(string message) =>
        new(new Dictionary<string, string[]> { ["rule"] = [message] });
}
