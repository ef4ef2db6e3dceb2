using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;

namespace Cashman.Tests.Unit.Domain;

public sealed class TransactionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly Guid Owner = Guid.CreateVersion7();
    private static readonly AccountRef Eur = new(Guid.CreateVersion7(), "EUR");

    private static TransactionDetails Details(
        string? description = "Salary", decimal? amount = 10m, string? category = null, DateOnly? occurredOn = null) =>
        new(description, amount, category, occurredOn ?? Today);

    private static Dictionary<string, string[]> ErrorsOf(Action action) =>
        Assert.Throws<DomainValidationException>(action)!.Errors.ToDictionary(e => e.Key, e => e.Value);

    [TestCase("bank-000123")]
    [TestCase(" spaces are kept ")]
    [TestCase("x")]
    public void AnExternalIdIsKeptExactlyAsSent(string externalId)
    {
        var expense = new Expense(Guid.NewGuid(), Owner, Eur, Details(), Now, externalId);
        Assert.That(expense.ExternalId, Is.EqualTo(externalId));
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(), Now).ExternalId, Is.Null);
    }

    [TestCase("")]
    [TestCase("tab\there")]
    [TestCase("nul\0")]
    public void AnEmptyOrControlCharacterExternalIdIsRejectedWithTheOtherFields(string externalId)
    {
        var errors = ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(description: ""), Now, externalId));
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "externalId", "description" }));
    }

    [Test]
    public void AnExternalIdOf100CharactersIsAcceptedAnd101IsNot()
    {
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(), Now, new string('e', 100)).ExternalId, Has.Length.EqualTo(100));
        Assert.That(ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(), Now, new string('e', 101))).Keys, Is.EquivalentTo(new[] { "externalId" }));
    }

    [Test]
    public void AnUpdateKeepsTheExternalId()
    {
        var income = new Income(Guid.NewGuid(), Owner, Eur, Details(), Now, "bank-1");
        income.Update(Eur, Details(description: "changed"), Now);
        Assert.That(income.ExternalId, Is.EqualTo("bank-1"));
    }

    [Test]
    public void IncomeKeepsAPositiveAmount()
    {
        var income = new Income(Guid.NewGuid(), Owner, Eur, Details(amount: 5000m), Now);
        Assert.That(income.Amount, Is.EqualTo(5000m));
        Assert.That(income.Kind, Is.EqualTo(TransactionKind.Income));
    }

    [Test]
    public void IncomeWithNegativeAmountIsRejected()
    {
        var errors = ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(amount: -5m), Now));
        Assert.That(errors["amount"], Has.Some.Contains("positive"));
    }

    [TestCase(50)]
    [TestCase(-50)]
    public void ExpenseIsStoredNegativeWhateverSignWasSent(decimal sent)
    {
        var expense = new Expense(Guid.NewGuid(), Owner, Eur, Details(amount: sent), Now);
        Assert.That(expense.Amount, Is.EqualTo(-50m));
        Assert.That(expense.Kind, Is.EqualTo(TransactionKind.Expense));
    }

    [Test]
    public void AmountIsKeptWithTwoDecimalPlaces()
    {
        var income = new Income(Guid.NewGuid(), Owner, Eur, Details(amount: 20m), Now);
        Assert.That(income.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("20.00"));
    }

    [TestCase("0.01")]
    [TestCase("1000000000")]
    [TestCase("12.3")]
    [TestCase("12.30")]
    public void AmountsWithinRangeAndTwoDecimalsAreAccepted(string amount)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(amount: value), Now).Amount, Is.EqualTo(value));
        Assert.That(new Expense(Guid.NewGuid(), Owner, Eur, Details(amount: value), Now).Amount, Is.EqualTo(-value));
    }

    [TestCase("0")]
    [TestCase("0.001")]
    [TestCase("1000000000.01")]
    [TestCase("-1000000000.01")]
    [TestCase("10.005")]
    public void AmountsOutOfRangeOrWithMoreThanTwoDecimalsAreRejected(string amount)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ErrorsOf(() => _ = new Expense(Guid.NewGuid(), Owner, Eur, Details(amount: value), Now)), Does.ContainKey("amount"));
        Assert.That(ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(amount: Math.Abs(value)), Now)), Does.ContainKey("amount"));
    }

    [Test]
    public void MissingAmountIsRejected() =>
        Assert.That(ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(amount: null), Now))["amount"], Has.Some.Contains("required"));

    [Test]
    public void DescriptionIsTrimmed() =>
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(description: "  Salary  "), Now).Description, Is.EqualTo("Salary"));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\u200b")]
    [TestCase("\ufeff")]
    [TestCase(" \u200d\u2060 ")]
    public void MissingOrBlankDescriptionIsRejected(string? description) =>
        Assert.That(ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(description: description), Now)), Does.ContainKey("description"));

    [Test]
    public void ADescriptionWithAVisibleCharacterBesideFormatCharactersIsKept() =>
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(description: "caf\u00e9\u200b"), Now).Description, Is.EqualTo("caf\u00e9\u200b"));

    [Test]
    public void DescriptionOfTwoHundredCharactersIsAcceptedAfterTrimming()
    {
        var description = "  " + new string('d', 200) + "  ";
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(description: description), Now).Description, Has.Length.EqualTo(200));
    }

    [Test]
    public void DescriptionLongerThanTwoHundredCharactersIsRejected() =>
        Assert.That(
            ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(description: new string('d', 201)), Now)),
            Does.ContainKey("description"));

    [Test]
    public void CategoryIsTrimmedAndBlankMeansNone()
    {
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(category: "  food "), Now).Category, Is.EqualTo("food"));
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(category: "   "), Now).Category, Is.Null);
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(category: "\u200b"), Now).Category, Is.Null);
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(category: null), Now).Category, Is.Null);
    }

    [Test]
    public void CategoryLongerThanFiftyCharactersIsRejected()
    {
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(category: new string('c', 50)), Now).Category, Has.Length.EqualTo(50));
        Assert.That(ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(category: new string('c', 51)), Now)), Does.ContainKey("category"));
    }

    [TestCase(1900, 1, 1)]
    [TestCase(2999, 12, 31)]
    public void OccurredOnAtTheEdgesOfTheRangeIsAccepted(int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(occurredOn: date), Now).OccurredOn, Is.EqualTo(date));
    }

    [TestCase(1899, 12, 31)]
    [TestCase(3000, 1, 1)]
    public void OccurredOnOutsideTheRangeIsRejected(int year, int month, int day) =>
        Assert.That(
            ErrorsOf(() => _ = new Income(Guid.NewGuid(), Owner, Eur, Details(occurredOn: new DateOnly(year, month, day)), Now)),
            Does.ContainKey("occurredOn"));

    [Test]
    public void EveryInvalidFieldIsReportedAtOnce()
    {
        var errors = ErrorsOf(() => _ = new Income(
            Guid.NewGuid(),
            Owner,
            Eur,
            new TransactionDetails("", -1m, new string('c', 51), new DateOnly(1800, 1, 1)),
            Now));
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "description", "amount", "category", "occurredOn" }));
    }

    [Test]
    public void EmptyIdIsRejected() =>
        Assert.Throws<ArgumentException>(() => _ = new Income(Guid.Empty, Owner, Eur, Details(), Now));

    [Test]
    public void TransactionWithoutAnOwnerIsRejected() =>
        Assert.Throws<ArgumentException>(() => _ = new Expense(Guid.NewGuid(), Guid.Empty, Eur, Details(), Now));

    [Test]
    public void NewTransactionBelongsToItsOwner() =>
        Assert.That(new Income(Guid.NewGuid(), Owner, Eur, Details(), Now).UserId, Is.EqualTo(Owner));

    [Test]
    public void NewTransactionIsStampedWithTheGivenTime()
    {
        var income = new Income(Guid.NewGuid(), Owner, Eur, Details(), Now);
        Assert.That(income.CreatedAt, Is.EqualTo(Now));
        Assert.That(income.UpdatedAt, Is.EqualTo(Now));
    }

    [Test]
    public void UpdateReplacesFieldsAndStampsUpdatedAtOnly()
    {
        var expense = new Expense(Guid.NewGuid(), Owner, Eur, Details(description: "pizza", amount: 50m, category: "food"), Now);
        var later = Now.AddHours(1);
        expense.Update(Eur, new TransactionDetails("Rock Concert", 100m, null, new DateOnly(2026, 1, 2)), later);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(expense.Description, Is.EqualTo("Rock Concert"));
            Assert.That(expense.Amount, Is.EqualTo(-100m));
            Assert.That(expense.Category, Is.Null);
            Assert.That(expense.OccurredOn, Is.EqualTo(new DateOnly(2026, 1, 2)));
            Assert.That(expense.CreatedAt, Is.EqualTo(Now));
            Assert.That(expense.UpdatedAt, Is.EqualTo(later));
        }
    }

    [Test]
    public void InvalidUpdateLeavesTheTransactionUnchanged()
    {
        var income = new Income(Guid.NewGuid(), Owner, Eur, Details(description: "Salary", amount: 5000m), Now);
        Assert.Throws<DomainValidationException>(() => income.Update(Eur, Details(description: "Bonus", amount: -1m), Now.AddHours(1)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(income.Description, Is.EqualTo("Salary"));
            Assert.That(income.Amount, Is.EqualTo(5000m));
            Assert.That(income.UpdatedAt, Is.EqualTo(Now));
        }
    }
}
