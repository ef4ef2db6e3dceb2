using Cashman.Domain.Money;
using Cashman.Domain.Recurring;

namespace Cashman.Tests.Unit.Domain;

public sealed class RecurringDaysTests
{
    [TestCase("Europe/Berlin")]
    [TestCase("Pacific/Auckland")]
    [TestCase("America/Santiago")]
    [TestCase("Etc/GMT-12")]
    [TestCase("America/Sao_Paulo")]
    [TestCase("UTC")]
    public void ADayBeginsAtTheFirstInstantWhoseDateInTheZoneIsThatDay(string zone)
    {
        // Every day of two years, across each zone's clock changes (Santiago's skip midnight).
        for (var day = new DateOnly(2025, 1, 1); day <= new DateOnly(2026, 12, 31); day = day.AddDays(1))
        {
            var begins = RecurringDays.Begins(day, zone);
            Assert.That(MoneyRules.Today(begins, zone), Is.EqualTo(day), $"{day} in {zone}");
            Assert.That(MoneyRules.Today(begins.AddSeconds(-1), zone), Is.LessThan(day), $"{day} in {zone}");
        }
    }

    [Test]
    public void DaysBeginAtLocalMidnightAcrossDaylightSavingTime()
    {
        using (Assert.EnterMultipleScope())
        {
            // Berlin: winter +1, summer +2; Auckland: summer +13, winter +12 (its midnight is UTC's noon).
            Assert.That(RecurringDays.Begins(new DateOnly(2026, 3, 29), "Europe/Berlin"), Is.EqualTo(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero)));
            Assert.That(RecurringDays.Begins(new DateOnly(2026, 3, 30), "Europe/Berlin"), Is.EqualTo(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero)));
            Assert.That(RecurringDays.Begins(new DateOnly(2026, 4, 5), "Pacific/Auckland"), Is.EqualTo(new DateTimeOffset(2026, 4, 4, 11, 0, 0, TimeSpan.Zero)));
            Assert.That(RecurringDays.Begins(new DateOnly(2026, 4, 6), "Pacific/Auckland"), Is.EqualTo(new DateTimeOffset(2026, 4, 5, 12, 0, 0, TimeSpan.Zero)));
        }
    }
}
