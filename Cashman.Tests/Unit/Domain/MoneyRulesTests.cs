using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;

namespace Cashman.Tests.Unit.Domain;

public sealed class MoneyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 2);
    private static readonly Guid Owner = Guid.CreateVersion7();

    [TestCase("EUR", 2)]
    [TestCase("USD", 2)]
    [TestCase("JPY", 0)]
    [TestCase("BHD", 3)]
    [TestCase("CLF", 4)]
    public void ACurrencyHasItsIso4217MinorUnits(string code, int units) =>
        Assert.That(Currencies.MinorUnits(code), Is.EqualTo(units));

    [TestCase("ABC")]
    [TestCase("eur")]
    [TestCase("XAU")]
    [TestCase("XXX")]
    [TestCase("")]
    [TestCase(null)]
    public void AnythingButACurrentCurrencyWithAMinorUnitIsUnknown(string? code) =>
        Assert.That(Currencies.IsKnown(code), Is.False);

    [TestCase("-500", "JPY", "-500")]
    [TestCase("-5", "BHD", "-5.000")]
    [TestCase("20", "EUR", "20.00")]
    [TestCase("500.00", "JPY", "500")]
    [TestCase("0.125", "EUR", "0.12")]
    [TestCase("0.135", "EUR", "0.14")]
    public void AnAmountIsWrittenWithExactlyItsCurrencysDecimalsRoundedHalfToEven(string amount, string currency, string expected) =>
        Assert.That(Currencies.Exact(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency).ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));

    [TestCase("500.5", "JPY")]
    [TestCase("0.005", "EUR")]
    [TestCase("1.0001", "BHD")]
    public void AnAmountWithMoreDecimalsThanItsCurrencyIsRejectedNamingTheCurrency(string amount, string currency)
    {
        var errors = Assert.Throws<DomainValidationException>(() => _ = new Expense(
            Guid.NewGuid(), Owner, new AccountRef(Guid.NewGuid(), currency),
            new TransactionDetails("x", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), null, Day), Now))!.Errors;
        Assert.That(errors["amount"][0], Does.Contain(currency));
    }

    [Test]
    public void AnAmountOfOneMinorUnitIsAcceptedInEveryCurrency()
    {
        Assert.That(new Income(Guid.NewGuid(), Owner, new AccountRef(Guid.NewGuid(), "JPY"), new TransactionDetails("x", 1m, null, Day), Now).Amount, Is.EqualTo(1m));
        Assert.That(new Income(Guid.NewGuid(), Owner, new AccountRef(Guid.NewGuid(), "BHD"), new TransactionDetails("x", 0.001m, null, Day), Now).Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("0.001"));
    }

    [Test]
    public void ATransferBetweenCurrenciesNeedsToAmountAndOneAccountTwiceIsRejected()
    {
        var eur = new AccountRef(Guid.NewGuid(), "EUR");
        var usd = new AccountRef(Guid.NewGuid(), "USD");
        var details = new TransactionDetails(null, 100m, "ignored", Day);
        Assert.That(Errors(() => new Transfer(Guid.NewGuid(), Owner, eur, new TransferDestination(usd, null), details, Now)), Does.ContainKey("toAmount"));
        Assert.That(Errors(() => new Transfer(Guid.NewGuid(), Owner, eur, new TransferDestination(eur, null), details, Now)), Does.ContainKey("toAccountId"));
        Assert.That(Errors(() => new Transfer(Guid.NewGuid(), Owner, eur, new TransferDestination(new AccountRef(Guid.NewGuid(), "EUR"), 99m), details, Now)), Does.ContainKey("toAmount"));
        Assert.That(Errors(() => new Transfer(Guid.NewGuid(), Owner, eur, new TransferDestination(usd, 1.234m), details, Now)), Does.ContainKey("toAmount"));
        Assert.That(Errors(() => new Transfer(Guid.NewGuid(), Owner, eur, new TransferDestination(usd, 10m), details with { Amount = -5m }, Now)), Does.ContainKey("amount"));

        var transfer = new Transfer(Guid.NewGuid(), Owner, eur, new TransferDestination(usd, 108.42m), details, Now);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((transfer.Amount, transfer.ToAmount, transfer.ToCurrency), Is.EqualTo((100.00m, 108.42m, "USD")));
            Assert.That(transfer.Description, Is.EqualTo("Transfer"));
            Assert.That(transfer.Category, Is.Null, "a transfer is never in a category");
            Assert.That(new Transfer(Guid.NewGuid(), Owner, eur, new TransferDestination(new AccountRef(Guid.NewGuid(), "EUR"), null), details, Now).ToAmount, Is.EqualTo(100m));
        }
    }

    [TestCase("Europe/Berlin", true)]
    [TestCase("UTC", true)]
    [TestCase("Pacific/Auckland", true)]
    [TestCase("Mars/Olympus", false)]
    [TestCase("W. Europe Standard Time", false)]
    [TestCase("", false)]
    public void OnlyAnIanaTimeZoneIsATimeZone(string zone, bool valid) =>
        Assert.That(MoneyRules.IsTimeZone(zone), Is.EqualTo(valid));

    [Test]
    public void TodayIsTheDayInTheUsersTimeZone()
    {
        var lateEvening = new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero);
        Assert.That(MoneyRules.Today(lateEvening, "UTC"), Is.EqualTo(new DateOnly(2026, 11, 23)));
        Assert.That(MoneyRules.Today(lateEvening, "Europe/Berlin"), Is.EqualTo(new DateOnly(2026, 11, 24)));
        Assert.That(MoneyRules.Today(lateEvening, "America/New_York"), Is.EqualTo(new DateOnly(2026, 11, 23)));
    }

    [Test]
    public void AnAccountOpenedWithoutADateOpensTodayAndKeepsItsDateWhenChanged()
    {
        var details = new AccountDetails("Wallet", AccountKind.Cash, "EUR", null, 0m, null, false);
        var account = new Account(Guid.CreateVersion7(), Owner, details, Day, Now);
        Assert.That(account.OpeningDate, Is.EqualTo(Day));

        account.Update(details with { Name = "Purse" }, Day.AddDays(30), Now.AddDays(30));
        Assert.That(account.OpeningDate, Is.EqualTo(Day));
        account.Update(details with { OpeningDate = new DateOnly(2020, 1, 1) }, Day, Now);
        Assert.That(account.OpeningDate, Is.EqualTo(new DateOnly(2020, 1, 1)));
    }

    [TestCase("DE89 3704 0044 0532 0130 00", "DE89370400440532013000")]
    [TestCase("gb29nwbk60161331926819", "GB29NWBK60161331926819")]
    [TestCase("NL91ABNA0417164300", "NL91ABNA0417164300")]
    [TestCase("CH9300762011623852957", "CH9300762011623852957")]
    [TestCase("12345678", "12345678")]
    [TestCase("000123-456-7", "000123-456-7")]
    public void AnIbanWithRightCheckDigitsOrAnyOtherNumberIsKeptWithoutSpacesInUpperCase(string number, string kept)
    {
        var account = new Account(Guid.CreateVersion7(), Owner, new AccountDetails("Giro", AccountKind.Checking, "EUR", number, 0m, null, false), Day, Now);
        Assert.That(account.Number, Is.EqualTo(kept));
    }

    [TestCase("DE88370400440532013000")]
    [TestCase("DE89370400440532013001")]
    [TestCase("GB29NWBK60161331926818")]
    [TestCase("NL19ABNA0417164300")]
    [TestCase("DE89 3704 0044 0532 0130 0")]
    [TestCase("")]
    [TestCase("DE89370400440532013000DE89370400440532013000")]
    public void AnIbanWithWrongCheckDigitsOrABadNumberIsRefusedNamingNumber(string number)
    {
        var details = new AccountDetails("Giro", AccountKind.Checking, "EUR", number, 0m, null, false);
        var errors = Assert.Throws<DomainValidationException>(() => _ = new Account(Guid.CreateVersion7(), Owner, details, Day, Now))!.Errors;
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "number" }));
    }

    private static IReadOnlyDictionary<string, string[]> Errors(Func<Transfer> build) =>
        Assert.Throws<DomainValidationException>(() => build())!.Errors;
}
