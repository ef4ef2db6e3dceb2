using Cashman.Domain.Money;

namespace Cashman.Tests.Unit.Domain;

public sealed class RateTableTests
{
    private static readonly DateOnly Monday = new(2026, 11, 2);

    private static RateTable Table(params Rate[] rates) => new(rates, maxAgeDays: 7);

    [Test]
    public void TheLatestRateOnOrBeforeTheDayConverts()
    {
        var table = Table(new Rate(Monday, "EUR", "USD", 1.10m), new Rate(Monday.AddDays(2), "EUR", "USD", 1.20m));
        Assert.That(table.Factor("EUR", "USD", Monday.AddDays(1)), Is.EqualTo(1.10m));
        Assert.That(table.Factor("EUR", "USD", Monday.AddDays(2)), Is.EqualTo(1.20m));
    }

    [Test]
    public void ALaterRateIsNeverUsedForAnEarlierDayAndARateOlderThanTheMaximumAgeIsNone()
    {
        var table = Table(new Rate(Monday, "EUR", "USD", 1.10m));
        Assert.That(table.Factor("EUR", "USD", Monday.AddDays(-1)), Is.Null);
        Assert.That(table.Factor("EUR", "USD", Monday.AddDays(7)), Is.EqualTo(1.10m));
        Assert.That(table.Factor("EUR", "USD", Monday.AddDays(8)), Is.Null);
    }

    [Test]
    public void AMissingRateIsNeverOne() =>
        Assert.That(Table().Convert(100m, "USD", "EUR", Monday), Is.Null);

    [Test]
    public void ARateIsFoundInvertedWhenThereIsNoDirectOne() =>
        Assert.That(Table(new Rate(Monday, "EUR", "USD", 1.25m)).Factor("USD", "EUR", Monday), Is.EqualTo(0.8m));

    [Test]
    public void ARateIsFoundThroughEuroWhenNeitherDirectNorInverted()
    {
        var table = Table(new Rate(Monday, "EUR", "USD", 1.25m), new Rate(Monday, "EUR", "JPY", 160m));
        Assert.That(table.Convert(1000m, "JPY", "USD", Monday), Is.EqualTo(1000m / 160m * 1.25m));
    }

    [Test]
    public void ADirectRateIsPreferredToAnInvertedOneAndBothToEuro()
    {
        var table = Table(
            new Rate(Monday, "USD", "JPY", 150m),
            new Rate(Monday, "JPY", "USD", 0.005m),
            new Rate(Monday, "EUR", "USD", 1.25m),
            new Rate(Monday, "EUR", "JPY", 160m));
        Assert.That(table.Factor("USD", "JPY", Monday), Is.EqualTo(150m));
        Assert.That(table.Factor("JPY", "USD", Monday), Is.EqualTo(0.005m));
    }

    [Test]
    public void AZeroNeedsNoRateAndTheSameCurrencyConvertsAsItIs()
    {
        Assert.That(Table().Convert(0m, "USD", "EUR", Monday), Is.EqualTo(0m));
        Assert.That(Table().Convert(12.34m, "EUR", "EUR", Monday), Is.EqualTo(12.34m));
    }

    [Test]
    public void ThePairsOfAConversionAreDirectInvertedAndBothLegsThroughEuro() =>
        Assert.That(
            RateTable.PairsFor("JPY", "USD"),
            Is.EquivalentTo(new[] { ("JPY", "USD"), ("USD", "JPY"), ("JPY", "EUR"), ("EUR", "JPY"), ("USD", "EUR"), ("EUR", "USD") }));
}
