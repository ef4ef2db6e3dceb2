using Cashman.Domain.Common;
using Cashman.Domain.Recurring;

namespace Cashman.Tests.Unit.Domain;

public sealed class OccurrencesTests
{
    private static readonly DateOnly StartsOn = new(2026, 1, 1);
    private static readonly RecurrenceRule Monthly = RecurrenceRule.Parse("FREQ=MONTHLY;BYMONTHDAY=1", StartsOn);

    private static List<Occurrence> Between(DateOnly today, params OccurrenceRecord[] records) =>
        Occurrences.Between(Monthly, StartsOn, null, StartsOn, new DateOnly(2026, 6, 30), today, -900m, "Rent", records.ToDictionary(r => r.Day));

    [Test]
    public void DaysThatHaveBegunAreDueAndLaterOnesUpcoming()
    {
        var occurrences = Between(new DateOnly(2026, 3, 1));
        Assert.That(occurrences.Select(o => (o.Date.Month, o.Status)), Is.EqualTo(new[]
        {
            (1, OccurrenceStatus.Due), (2, OccurrenceStatus.Due), (3, OccurrenceStatus.Due),
            (4, OccurrenceStatus.Upcoming), (5, OccurrenceStatus.Upcoming), (6, OccurrenceStatus.Upcoming),
        }));
    }

    [Test]
    public void APostStandsEvenIfItsTransactionWasDeletedAndASkipStandsBeforeItsDay()
    {
        var posted = Guid.NewGuid();
        var occurrences = Between(
            new DateOnly(2026, 2, 15),
            new OccurrenceRecord(new DateOnly(2026, 1, 1), posted, false, null, null),
            new OccurrenceRecord(new DateOnly(2026, 4, 1), null, true, null, null));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(occurrences[0], Is.EqualTo(new Occurrence(new DateOnly(2026, 1, 1), OccurrenceStatus.Posted, -900m, "Rent", posted)));
            Assert.That(occurrences[1].Status, Is.EqualTo(OccurrenceStatus.Due));
            Assert.That(occurrences[3].Status, Is.EqualTo(OccurrenceStatus.Skipped));
        }
    }

    [Test]
    public void AnOverrideChangesOneOccurrencesAmountAndDescription()
    {
        var occurrences = Between(new DateOnly(2026, 1, 1), new OccurrenceRecord(new DateOnly(2026, 5, 1), null, false, -950m, "Rent, new lease"));
        Assert.That(occurrences[4], Is.EqualTo(new Occurrence(new DateOnly(2026, 5, 1), OccurrenceStatus.Upcoming, -950m, "Rent, new lease", null)));
        Assert.That(occurrences.Where(o => o.Date.Month != 5).Select(o => o.Amount), Is.All.EqualTo(-900m));
    }

    [TestCase("2026-01-01", "2027-01-02")]
    [TestCase("2026-02-01", "2026-01-31")]
    public void ARangeOfMoreThan366DaysOrBackwardsIsRefusedNamingTo(string from, string to)
    {
        var error = Assert.Throws<DomainValidationException>(() => Occurrences.Between(
            Monthly, StartsOn, null, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            StartsOn, -900m, "Rent", new Dictionary<DateOnly, OccurrenceRecord>()))!;
        Assert.That(error.Errors.Keys, Is.EqualTo(new[] { "to" }));
    }

    [Test]
    public void ThreeHundredSixtySixDaysOfALeapYearAreOneAnswer() =>
        Assert.That(
            Occurrences.Between(Monthly, StartsOn, null, new DateOnly(2028, 1, 1), new DateOnly(2028, 12, 31), StartsOn, -900m, "Rent", new Dictionary<DateOnly, OccurrenceRecord>()),
            Has.Count.EqualTo(12));
}
