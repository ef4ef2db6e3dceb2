using Cashman.Domain.Common;
using Cashman.Domain.Recurring;

namespace Cashman.Tests.Unit.Domain;

public sealed class RecurrenceRuleTests
{
    private static readonly DateOnly LeapYear = new(2024, 1, 1);

    private static List<DateOnly> Days(string rule, DateOnly startsOn, DateOnly from, DateOnly to, DateOnly? endsOn = null) =>
        [.. RecurrenceRule.Parse(rule, startsOn, endsOn).Days(startsOn, endsOn, from, to)];

    [Test]
    public void TheThirtyFirstOrTheMonthsLastDayFallsInEveryMonthOfALeapYear()
    {
        var days = Days("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", LeapYear, LeapYear, new DateOnly(2024, 12, 31));
        Assert.That(days, Is.EqualTo(Enumerable.Range(1, 12).Select(m => new DateOnly(2024, m, DateTime.DaysInMonth(2024, m)))));
        Assert.That(days[1], Is.EqualTo(new DateOnly(2024, 2, 29)));
    }

    [Test]
    public void TheLastDayOfEveryMonthIsTheTwentyEighthOrTwentyNinthOfFebruary()
    {
        var days = Days("FREQ=MONTHLY;BYMONTHDAY=-1", new DateOnly(2023, 1, 15), new DateOnly(2023, 2, 1), new DateOnly(2024, 3, 1));
        Assert.That(days.Where(d => d.Month == 2), Is.EqualTo(new[] { new DateOnly(2023, 2, 28), new DateOnly(2024, 2, 29) }));
        Assert.That(days, Has.Count.EqualTo(13));
    }

    [Test]
    public void EveryOtherFridayCountsFromTheFirstDay()
    {
        var days = Days("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 28));
        Assert.That(days, Is.EqualTo(new[] { new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 16), new DateOnly(2026, 1, 30), new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 27) }));
    }

    [Test]
    public void DaysBeforeTheFirstDayOrAfterTheLastAreNone()
    {
        var days = Days("FREQ=DAILY", new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), endsOn: new DateOnly(2026, 3, 12));
        Assert.That(days, Is.EqualTo(new[] { new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 12) }));
    }

    [Test]
    public void ACountEndsTheRuleWhereverTheRangeStarts()
    {
        var rule = RecurrenceRule.Parse("FREQ=MONTHLY;BYMONTHDAY=1;COUNT=3", LeapYear);
        Assert.That(rule.Days(LeapYear, null, new DateOnly(2024, 2, 15), new DateOnly(2024, 12, 31)), Is.EqualTo(new[] { new DateOnly(2024, 3, 1) }));
    }

    [TestCase("FREQ=HOURLY")]
    [TestCase("FREQ=MINUTELY;INTERVAL=5")]
    [TestCase("FREQ=DAILY;BYHOUR=9")]
    [TestCase("FREQ=MONTHLY;BYMONTHDAY=32")]
    [TestCase("FREQ=MONTHLY;COUNT=0")]
    [TestCase("DTSTART=20260101;FREQ=DAILY")]
    [TestCase("FREQ=SOMETIMES")]
    [TestCase("every month")]
    [TestCase("")]
    [TestCase("FREQ=DAILY\u0001")]
    [TestCase("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")]
    public void ABadRuleIsRefusedNamingRule(string rule)
    {
        var error = Assert.Throws<DomainValidationException>(() => RecurrenceRule.Parse(rule, LeapYear))!;
        Assert.That(error.Errors.Keys, Is.EqualTo(new[] { "rule" }));
    }

    [Test]
    public void TenKilobytesOfRuleAreRefusedBeforeParsing()
    {
        var error = Assert.Throws<DomainValidationException>(() => RecurrenceRule.Parse("FREQ=DAILY;" + new string('X', 10 * 1024), LeapYear))!;
        Assert.That(error.Errors["rule"][0], Does.Contain("at most"));
    }

    [Test]
    public void ARuleWhoseDaysAllFallAfterItsEndIsRefused()
    {
        var error = Assert.Throws<DomainValidationException>(() =>
            RecurrenceRule.Parse("FREQ=MONTHLY;BYMONTHDAY=20", new DateOnly(2026, 1, 1), endsOn: new DateOnly(2026, 1, 10)))!;
        Assert.That(error.Errors["rule"][0], Does.Contain("never"));
    }

    [Test]
    public void ADailyRuleForFebruary29thFindsEachOneFourYearsApart()
    {
        var days = Days("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 1), new DateOnly(2036, 12, 31));
        Assert.That(days, Is.EqualTo(new[] { new DateOnly(2028, 2, 29), new DateOnly(2032, 2, 29), new DateOnly(2036, 2, 29) }));
    }

    [Test]
    public void ARuleWithNoDayLeftEndsTheDaysInsteadOfFailing()
    {
        var rule = RecurrenceRule.Parse("FREQ=YEARLY;UNTIL=20270101", LeapYear);
        Assert.That(rule.Days(LeapYear, null, new DateOnly(2027, 6, 1), DateOnly.MaxValue), Is.Empty);
    }

    [TestCase("FREQ=DAILY")]
    [TestCase("FREQ=MONTHLY")]
    [TestCase("FREQ=YEARLY")]
    public void TheDaysEndBeforeTheCalendarDoes(string text)
    {
        var rule = RecurrenceRule.Parse(text, new DateOnly(9999, 1, 1));
        var days = rule.Days(new DateOnly(9999, 1, 1), null, new DateOnly(9999, 12, 1), DateOnly.MaxValue).ToList();
        Assert.That(days, Has.Count.LessThanOrEqualTo(31));
        Assert.That(days, Is.All.LessThanOrEqualTo(new DateOnly(9999, 12, 31)));
    }
}
