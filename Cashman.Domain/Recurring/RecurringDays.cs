using Cashman.Domain.Money;

namespace Cashman.Domain.Recurring;

/// <summary>When a day begins for a user: the instant from which <see cref="MoneyRules.Today"/> in their zone is that day or later.</summary>
public static class RecurringDays
{
    /// <summary>
    /// The first instant at which <paramref name="day"/> has begun in <paramref name="timeZone"/>: its local midnight, or,
    /// where a clock change skips midnight (America/Santiago), the first local time after the gap; where midnight happens
    /// twice, the first of them.
    /// </summary>
    public static DateTimeOffset Begins(DateOnly day, string timeZone)
    {
        var zone = MoneyRules.Zone(timeZone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // A skipped midnight: the day begins where the gap ends, at most a few hours later (clock changes move by at most
        // two hours; a zone that skipped a whole day, as Samoa did in 2011, begins the next day where it exists).
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
