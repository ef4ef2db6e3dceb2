using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Transactions;

public sealed class CreateTransactionTests : IntegrationTest
{
    [Test]
    public async Task IncomePostedIsStoredAndReturnedWithLocation()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 5000, category = "work", occurredOn = "2026-03-01" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri($"{CashmanApiFactory.PublicBaseUrl}/incomes/{created.Id}")));
            Assert.That(created.Type, Is.EqualTo("income"));
            Assert.That(created.Description, Is.EqualTo("Salary"));
            Assert.That(created.Amount, Is.EqualTo(5000m));
            Assert.That(created.Category, Is.EqualTo("work"));
            Assert.That(created.OccurredOn, Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(created.CreatedAt, Is.EqualTo(created.UpdatedAt));
        }

        using var fetched = await Client.GetAsync(response.Headers.Location);
        Assert.That(await fetched.Content.ReadFromJsonAsync<TransactionResponse>(Json), Is.EqualTo(created));
    }

    [TestCase(20)]
    [TestCase(-20)]
    public async Task ExpensePostedWithEitherSignIsStoredNegative(decimal amount)
    {
        var created = await CreateAsync("expenses", new { description = "pizza", amount });
        Assert.That(created.Amount, Is.EqualTo(-20m));
        Assert.That(created.Type, Is.EqualTo("expense"));

        var stored = await TestDatabase.Inspect().Transactions.AsNoTracking().SingleAsync(t => t.UserId == OwnerId);
        Assert.That(stored.Amount, Is.EqualTo(-20m));
    }

    [Test]
    public async Task IncomePostedWithNegativeAmountIsRejected()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "Refund", amount = -10 });
        var problem = await AssertValidationProblemAsync(response, "amount");
        Assert.That(problem["errors"]!["amount"]![0]!.GetValue<string>(), Does.Contain("positive"));
    }

    [Test]
    public async Task OccurredOnDefaultsToTodayUtc()
    {
        var created = await CreateAsync("incomes", new { description = "Salary", amount = 1 });
        Assert.That(created.OccurredOn, Is.EqualTo(DateOnly.FromDateTime(Factory.Clock.GetUtcNow().UtcDateTime)));
    }

    [Test]
    public async Task TimestampsAreUtcWithZ()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 1 });
        var body = await ReadObjectAsync(response);
        Assert.That(body["createdAt"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$"));
        Assert.That(body["updatedAt"]!.GetValue<string>(), Does.EndWith("Z"));
        Assert.That(body["occurredOn"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\d$"));
    }

    [Test]
    public async Task IdsAreVersionSevenUuidsInCreationOrder()
    {
        var first = await CreateAsync("incomes", new { description = "a", amount = 1 });
        var second = await CreateAsync("expenses", new { description = "b", amount = 1 });
        Assert.That(first.Id.Version, Is.EqualTo(7));
        Assert.That(second.Id.Version, Is.EqualTo(7));
        Assert.That(string.CompareOrdinal(first.Id.ToString(), second.Id.ToString()), Is.LessThan(0));
    }

    [Test]
    public async Task ServerOwnedFieldsInTheBodyAreIgnored()
    {
        var sentId = Guid.NewGuid();
        var created = await CreateAsync("incomes", new
        {
            id = sentId,
            type = "expense",
            userId = Guid.NewGuid(),
            createdAt = "2000-01-01T00:00:00Z",
            updatedAt = "2000-01-01T00:00:00Z",
            description = "Salary",
            amount = 10,
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.Id, Is.Not.EqualTo(sentId));
            Assert.That(created.Type, Is.EqualTo("income"));
            Assert.That(created.CreatedAt.Year, Is.EqualTo(2026));
            Assert.That(created.UpdatedAt.Year, Is.EqualTo(2026));
        }
    }

    [Test]
    public async Task DescriptionAndCategoryAreTrimmedAndBlankCategoryIsNull()
    {
        var created = await CreateAsync("incomes", new { description = "  Salary ", amount = 10, category = "   " });
        Assert.That(created.Description, Is.EqualTo("Salary"));
        Assert.That(created.Category, Is.Null);
    }

    [Test]
    public async Task AmountIsReturnedWithTwoDecimals()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 20 });
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"amount\":20.00"));
    }

    [TestCase("{\"amount\":10}", "description")]
    [TestCase("{\"description\":\"\",\"amount\":10}", "description")]
    [TestCase("{\"description\":\"   \",\"amount\":10}", "description")]
    [TestCase("{\"description\":\"x\"}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":null}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":\"10\"}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":10.001}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":0}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":1000000000.01}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":1e40}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":true}", "amount")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"occurredOn\":\"2026-13-01\"}", "occurredOn")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"occurredOn\":\"01/02/2026\"}", "occurredOn")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"occurredOn\":\"1899-12-31\"}", "occurredOn")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"occurredOn\":\"3000-01-01\"}", "occurredOn")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"category\":42}", "category")]
    public async Task InvalidFieldIsA400ThatNamesIt(string json, string field)
    {
        using var response = await Client.PostAsync("/expenses", JsonBody(json));
        await AssertValidationProblemAsync(response, field);
        Assert.That(await CountAsync(), Is.Zero);
    }

    [Test]
    public async Task DescriptionLongerThan200CharactersIsRejected()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = new string('x', 201), amount = 1 });
        await AssertValidationProblemAsync(response, "description");
    }

    [Test]
    public async Task CategoryLongerThan50CharactersIsRejected()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "x", amount = 1, category = new string('c', 51) });
        await AssertValidationProblemAsync(response, "category");
    }

    [Test]
    public async Task SeveralInvalidFieldsAreAllNamed()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "", amount = -1, category = new string('c', 51), occurredOn = "1800-01-01" });
        var problem = await AssertValidationProblemAsync(response, "description");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "description", "amount", "category", "occurredOn" }));
    }

    private async Task<long> CountAsync() => await TestDatabase.CountOwnedAsync("transactions", OwnerId);
}
