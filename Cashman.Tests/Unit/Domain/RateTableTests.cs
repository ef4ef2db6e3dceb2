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

    [TestCase("JPY", "USD")]
    [TestCase("USD", "JPY")]
    [TestCase("EUR", "USD")]
    [TestCase("USD", "EUR")]
    [TestCase("GBP", "USD")]
    [TestCase("USD", "USD")]
    public void FactorsOverARunOfDaysAreTheFactorOfEachDay(string from, string to)
    {
        // Gaps longer and shorter than the maximum age, a direct USD/JPY series that starts late and an inverted one.
        var random = new Random(2026);
        var rates = new List<Rate>();
        foreach (var (pair, start, step) in new[] { (("EUR", "USD"), 0, 3), (("EUR", "JPY"), 5, 9), (("USD", "JPY"), 40, 2), (("GBP", "EUR"), 10, 12) })
        {
            for (var day = start; day < 120; day += random.Next(1, step + 1))
            {
                rates.Add(new Rate(Monday.AddDays(day), pair.Item1, pair.Item2, Math.Round((decimal)(random.NextDouble() * 100) + 0.01m, 4)));
            }
        }

        var table = Table([.. rates]);
        var first = Monday.AddDays(-10);
        var factors = table.Factors(from, to, first, Monday.AddDays(130));
        Assert.That(factors, Is.EqualTo(Enumerable.Range(0, factors.Length).Select(i => table.Factor(from, to, first.AddDays(i)))));
        Assert.That(factors.Count(f => f is not null), Is.GreaterThan(50));
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
