using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Domain.Recurring;
using Cashman.Domain.Transactions;

namespace Cashman.Tests.Unit.Domain;

public sealed class RecurringTransactionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly StartsOn = new(2026, 4, 1);

    private static RecurringTransaction Rent(bool autoPost = true)
    {
        var template = new Expense(Guid.NewGuid(), Guid.NewGuid(), new AccountRef(Guid.NewGuid(), "EUR"), new TransactionDetails("Rent", 950m, null, StartsOn), Now);
        return new RecurringTransaction(Guid.CreateVersion7(), template, RecurrenceRule.Parse("FREQ=MONTHLY", StartsOn), StartsOn, null, autoPost, Now);
    }

    [Test]
    public void TheTemplateIsKeptAsTheTransactionStoresIt()
    {
        var rule = Rent();
        Assert.That((rule.Kind, rule.Amount, rule.Currency, rule.Description, rule.Rule), Is.EqualTo((TransactionKind.Expense, -950.00m, "EUR", "Rent", "FREQ=MONTHLY")));
    }

    [Test]
    public void ASelfPostingRuleIsDueWhenItsNextDayBeginsInTheZone()
    {
        var rule = Rent();
        rule.MoveTo(StartsOn, "Europe/Berlin");
        Assert.That((rule.NextOn, rule.NextDueAt), Is.EqualTo(((DateOnly?)StartsOn, (DateTimeOffset?)new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero))));
        rule.MoveTo(null, "Europe/Berlin");
        Assert.That(rule.NextDueAt, Is.Null, "no day left");
    }

    [Test]
    public void ARulePostedByHandIsNeverDue()
    {
        var rule = Rent(autoPost: false);
        rule.MoveTo(StartsOn, "UTC");
        rule.RetryAt(Now);
        Assert.That((rule.NextOn, rule.NextDueAt), Is.EqualTo(((DateOnly?)StartsOn, (DateTimeOffset?)null)));
    }

    [Test]
    public void MovingToAnotherDayChangesTheVersionAndStayingDoesNot()
    {
        var rule = Rent();
        rule.MoveTo(StartsOn, "UTC");
        var version = rule.Version;
        rule.MoveTo(StartsOn, "Europe/Berlin");
        Assert.That(rule.Version, Is.EqualTo(version));
        rule.MoveTo(StartsOn.AddMonths(1), "UTC");
        Assert.That(rule.Version, Is.Not.EqualTo(version));
    }

    [Test]
    public void EndsOnBeforeStartsOnIsRefused()
    {
        var rule = Rent();
        var template = new Income(Guid.NewGuid(), rule.UserId, new AccountRef(rule.AccountId, "EUR"), new TransactionDetails("Salary", 10m, null, StartsOn), Now);
        var error = Assert.Throws<DomainValidationException>(() => rule.Update(template, RecurrenceRule.Parse("FREQ=DAILY", StartsOn), StartsOn, StartsOn.AddDays(-1), true, Now));
        Assert.That(error!.Errors.Keys, Is.EqualTo(new[] { "endsOn" }));
    }

    [Test]
    public void TheExternalIdNamesTheRuleAndTheDay()
    {
        var rule = Rent();
        Assert.That(rule.ExternalIdOn(new DateOnly(2026, 4, 1)), Is.EqualTo($"recurring:{rule.Id}:2026-04-01"));
    }

    [Test]
    public void APostedDayCannotBeSkippedOverriddenOrPostedAgain()
    {
        var day = new RecurringOccurrence(Guid.NewGuid(), Guid.NewGuid(), StartsOn, Now);
        day.Override(-990m, "Rent and heating", Now);
        day.Posted(Guid.NewGuid(), Now);
        Assert.That((day.IsPosted, day.IsSettled, day.Record.Amount), Is.EqualTo((true, true, (decimal?)-990m)));
        Assert.Throws<ConflictException>(() => day.Skip(true, Now));
        Assert.Throws<ConflictException>(() => day.Override(null, "x", Now));
        Assert.Throws<ConflictException>(() => day.Posted(Guid.NewGuid(), Now));
    }

    [Test]
    public void AnOverrideTakesBackASkip()
    {
        var day = new RecurringOccurrence(Guid.NewGuid(), Guid.NewGuid(), StartsOn, Now);
        day.Skip(true, Now);
        Assert.That(day.IsSettled, Is.True);
        day.Override(null, "Late rent", Now);
        Assert.That((day.Skipped, day.IsSettled, day.Description), Is.EqualTo((false, false, "Late rent")));
    }
}
