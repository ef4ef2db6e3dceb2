using AutoMapper;
using Cashman.Api.Transactions;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cashman.Tests.Unit.Api;

public sealed class MappingConfigurationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private MapperConfiguration _configuration = null!;

    [SetUp]
    public void CreateConfiguration() =>
        _configuration = new MapperConfiguration(cfg => cfg.AddProfile<TransactionProfile>(), NullLoggerFactory.Instance);

    [Test]
    public void MappingConfigurationIsValid() => Assert.DoesNotThrow(_configuration.AssertConfigurationIsValid);

    [Test]
    public void IncomeMapsToResponseWithTypeIncome()
    {
        var income = new Income(Guid.CreateVersion7(Now), Guid.CreateVersion7(Now), new AccountRef(Guid.CreateVersion7(Now), "EUR"), new TransactionDetails("Salary", 5000m, "work", new DateOnly(2026, 11, 1)), Now);
        var response = _configuration.CreateMapper().Map<Transaction, TransactionResponse>(income);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Id, Is.EqualTo(income.Id));
            Assert.That(response.Type, Is.EqualTo("income"));
            Assert.That(response.Description, Is.EqualTo("Salary"));
            Assert.That(response.Amount, Is.EqualTo(5000m));
            Assert.That(response.Category, Is.EqualTo("work"));
            Assert.That(response.OccurredOn, Is.EqualTo(new DateOnly(2026, 11, 1)));
            Assert.That(response.CreatedAt, Is.EqualTo(Now));
            Assert.That(response.UpdatedAt, Is.EqualTo(Now));
        }
    }

    [Test]
    public void ExpenseMapsToResponseWithTypeExpenseAndNegativeAmount()
    {
        var expense = new Expense(Guid.CreateVersion7(Now), Guid.CreateVersion7(Now), new AccountRef(Guid.CreateVersion7(Now), "EUR"), new TransactionDetails("pizza", 50m, null, new DateOnly(2026, 11, 1)), Now);
        var response = _configuration.CreateMapper().Map<Transaction, TransactionResponse>(expense);
        Assert.That(response.Type, Is.EqualTo("expense"));
        Assert.That(response.Amount, Is.EqualTo(-50m));
        Assert.That(response.Category, Is.Null);
    }
}
