using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Transactions;

namespace Cashman.Tests.Integration.Transactions;

public sealed class ReadTransactionTests : IntegrationTest
{
    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task SingleReadReturnsTheTransactionWithAnETag(string kind)
    {
        var created = await CreateAsync(kind, new { description = "x", amount = 12.5m });
        using var response = await Client.GetAsync($"/{kind}/{created.Id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.ETag, Is.Not.Null);
        Assert.That(response.Headers.ETag!.Tag, Does.Match("^\"[0-9a-f]{32}\"$"));
        Assert.That(await response.Content.ReadFromJsonAsync<TransactionResponse>(Json), Is.EqualTo(created));
    }

    [Test]
    public async Task UnknownIdIsA404Problem()
    {
        using var response = await Client.GetAsync($"/incomes/{Guid.CreateVersion7()}");
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ExpenseIdUnderIncomesIsTheSame404AsAnUnknownId()
    {
        var expense = await CreateAsync("expenses", new { description = "pizza", amount = 50 });
        using var wrongKind = await Client.GetAsync($"/incomes/{expense.Id}");
        using var unknown = await Client.GetAsync($"/incomes/{Guid.CreateVersion7()}");
        var wrongKindProblem = await AssertProblemAsync(wrongKind, HttpStatusCode.NotFound);
        var unknownProblem = await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.That(wrongKindProblem["title"]!.GetValue<string>(), Is.EqualTo(unknownProblem["title"]!.GetValue<string>()));
        Assert.That(wrongKindProblem["detail"]!.GetValue<string>(), Is.EqualTo(unknownProblem["detail"]!.GetValue<string>()));
    }

    [Test]
    public async Task IncomeIdUnderExpensesIsA404()
    {
        var income = await CreateAsync("incomes", new { description = "Salary", amount = 50 });
        using var response = await Client.GetAsync($"/expenses/{income.Id}");
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [TestCase("not-a-uuid")]
    [TestCase("123")]
    [TestCase("00000000-0000-0000-0000-00000000000g")]
    public async Task MalformedIdIsA404NotA500(string id)
    {
        using var get = await Client.GetAsync($"/incomes/{id}");
        await AssertProblemAsync(get, HttpStatusCode.NotFound);
        using var put = await Client.PutAsync($"/incomes/{id}", JsonBody("{\"description\":\"x\",\"amount\":1}"));
        await AssertProblemAsync(put, HttpStatusCode.NotFound);
        using var delete = await Client.DeleteAsync($"/incomes/{id}");
        await AssertProblemAsync(delete, HttpStatusCode.NotFound);
    }
}
