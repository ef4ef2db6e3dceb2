using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Transactions;

namespace Cashman.Tests.Integration.Transactions;

public sealed class UpdateTransactionTests : IntegrationTest
{
    [Test]
    public async Task PutReplacesTheFieldsAndReturnsANewETag()
    {
        var created = await CreateAsync("incomes", new { description = "Salary", amount = 5000, category = "work", occurredOn = "2026-03-01" });
        using var before = await Client.GetAsync($"/incomes/{created.Id}");

        using var response = await Client.PutAsJsonAsync($"/incomes/{created.Id}", new { description = "Bonus", amount = 750.25m, category = "extra", occurredOn = "2026-03-02" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var updated = (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.Id, Is.EqualTo(created.Id));
            Assert.That(updated.Description, Is.EqualTo("Bonus"));
            Assert.That(updated.Amount, Is.EqualTo(750.25m));
            Assert.That(updated.Category, Is.EqualTo("extra"));
            Assert.That(updated.OccurredOn, Is.EqualTo(new DateOnly(2026, 3, 2)));
            Assert.That(updated.CreatedAt, Is.EqualTo(created.CreatedAt));
            Assert.That(updated.UpdatedAt, Is.GreaterThan(created.UpdatedAt));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Headers.ETag, Is.Not.EqualTo(before.Headers.ETag));
        }

        using var after = await Client.GetAsync($"/incomes/{created.Id}");
        Assert.That(await after.Content.ReadFromJsonAsync<TransactionResponse>(Json), Is.EqualTo(updated));
        Assert.That(after.Headers.ETag, Is.EqualTo(response.Headers.ETag));
    }

    [Test]
    public async Task ExpenseUpdatedWithPositiveAmountIsStoredNegative()
    {
        var created = await CreateAsync("expenses", new { description = "pizza", amount = 50 });
        using var response = await Client.PutAsJsonAsync($"/expenses/{created.Id}", new { description = "pizza", amount = 60 });
        Assert.That((await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!.Amount, Is.EqualTo(-60m));
    }

    [Test]
    public async Task PutIsAFullReplacementSoAbsentCategoryBecomesNull()
    {
        var created = await CreateAsync("incomes", new { description = "Salary", amount = 1, category = "work", occurredOn = "2020-01-01" });
        using var response = await Client.PutAsJsonAsync($"/incomes/{created.Id}", new { description = "Salary", amount = 1 });
        var updated = (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
        Assert.That(updated.Category, Is.Null);
        Assert.That(updated.OccurredOn, Is.EqualTo(DateOnly.FromDateTime(Factory.Clock.GetUtcNow().UtcDateTime)));
    }

    [Test]
    public async Task InvalidPutIsA400AndChangesNothing()
    {
        var created = await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        using var response = await Client.PutAsJsonAsync($"/incomes/{created.Id}", new { description = "Salary", amount = -1 });
        await AssertValidationProblemAsync(response, "amount");
        using var after = await Client.GetAsync($"/incomes/{created.Id}");
        Assert.That(await after.Content.ReadFromJsonAsync<TransactionResponse>(Json), Is.EqualTo(created));
    }

    [Test]
    public async Task PutOfAnUnknownIdIsA404()
    {
        using var response = await Client.PutAsJsonAsync($"/incomes/{Guid.CreateVersion7()}", new { description = "x", amount = 1 });
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task PutOfAnExpenseUnderIncomesIsA404AndChangesNothing()
    {
        var expense = await CreateAsync("expenses", new { description = "pizza", amount = 50 });
        using var response = await Client.PutAsJsonAsync($"/incomes/{expense.Id}", new { description = "hijack", amount = 1 });
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        using var after = await Client.GetAsync($"/expenses/{expense.Id}");
        Assert.That(await after.Content.ReadFromJsonAsync<TransactionResponse>(Json), Is.EqualTo(expense));
    }
}
