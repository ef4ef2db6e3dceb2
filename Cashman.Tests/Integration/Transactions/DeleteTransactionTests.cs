using System.Net;

namespace Cashman.Tests.Integration.Transactions;

public sealed class DeleteTransactionTests : IntegrationTest
{
    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task DeleteRemovesTheTransaction(string kind)
    {
        var created = await CreateAsync(kind, new { description = "x", amount = 1 });
        using var response = await Client.DeleteAsync($"/{kind}/{created.Id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
        using var after = await Client.GetAsync($"/{kind}/{created.Id}");
        await AssertProblemAsync(after, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DeleteOfAnUnknownIdIsA404()
    {
        using var response = await Client.DeleteAsync($"/expenses/{Guid.CreateVersion7()}");
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task DeleteOfAnIncomeUnderExpensesIsA404AndKeepsIt()
    {
        var income = await CreateAsync("incomes", new { description = "Salary", amount = 1 });
        using var response = await Client.DeleteAsync($"/expenses/{income.Id}");
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        using var after = await Client.GetAsync($"/incomes/{income.Id}");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
