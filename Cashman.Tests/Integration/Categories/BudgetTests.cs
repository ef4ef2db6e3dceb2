using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Categories;

/// <summary>Monthly budgets in the base currency: what was spent, what rolls over, what a missing rate does.</summary>
public sealed class BudgetTests : IntegrationTest
{
    [Test]
    public async Task SpentIsExpensesLessRefundsOfTheCategoryAndItsChildrenAndNeverATransfer()
    {
        var food = await CategoryOfAsync("expenses", new { description = "market", amount = 100, category = "Food", occurredOn = "2026-03-02" });
        await CategoryOfAsync("expenses", new { description = "apples", amount = 50, category = "Food/Groceries", occurredOn = "2026-03-03" });
        await CategoryOfAsync("incomes", new { description = "refund", amount = 20, category = "Food/Groceries", occurredOn = "2026-03-04" });
        await CategoryOfAsync("expenses", new { description = "february", amount = 999, category = "Food", occurredOn = "2026-02-28" });
        await CategoryOfAsync("expenses", new { description = "socks", amount = 7, occurredOn = "2026-03-05" });
        using var savings = await Client.PostAsJsonAsync("/accounts", new { name = "Savings", kind = "savings" });
        var savingsId = (await ReadObjectAsync(savings))["id"];
        var main = (await Client.GetFromJsonAsync<JsonObject>("/settings"))!["defaultAccountId"];
        using var transfer = await Client.PostAsJsonAsync("/transfers", new { fromAccountId = main, toAccountId = savingsId, amount = 300, occurredOn = "2026-03-06" });
        Assert.That(transfer.StatusCode, Is.EqualTo(HttpStatusCode.Created), await transfer.Content.ReadAsStringAsync());
        await SetAsync("2026-03", food, 400);

        var month = await MonthAsync("2026-03");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Lines(month), Is.EqualTo(new[]
            {
                ("Food", "400.00", "0.00", "130.00", "270.00"),
                ("Food/Groceries", "0.00", "0.00", "30.00", "-30.00"),
            }));
            Assert.That(Totals(month), Is.EqualTo(("400.00", "130.00", "270.00")));
            Assert.That(((string?)month["month"], (string?)month["currency"], (bool)month["complete"]!), Is.EqualTo(("2026-03", "USD", true)));
            Assert.That(month["missingRates"]!.AsArray(), Is.Empty);
        }
    }

    [Test]
    public async Task RolloverCarriesWhatIsLeftOrOverspentOverThreeMonths()
    {
        var categories = new Dictionary<string, Guid>();
        foreach (var rollover in new[] { "none", "surplus", "all" })
        {
            using var created = await Client.PostAsJsonAsync("/categories", new { name = rollover, rollover });
            categories[rollover] = (Guid)(await ReadObjectAsync(created))["id"]!;
            foreach (var (month, spent) in new[] { ("2026-01", 150), ("2026-02", 20), ("2026-03", 0) })
            {
                await SetAsync(month, categories[rollover], 100);
                if (spent > 0)
                {
                    await CategoryOfAsync("expenses", new { description = "spent", amount = spent, categoryId = categories[rollover], occurredOn = month + "-10" });
                }
            }
        }

        var february = await MonthAsync("2026-02");
        var march = await MonthAsync("2026-03");
        using (Assert.EnterMultipleScope())
        {
            // January: 100 budgeted, 150 spent, -50 left.
            Assert.That(Lines(february), Is.EqualTo(new[]
            {
                ("all", "100.00", "-50.00", "20.00", "30.00"),
                ("none", "100.00", "0.00", "20.00", "80.00"),
                ("surplus", "100.00", "0.00", "20.00", "80.00"),
            }));
            Assert.That(Lines(march), Is.EqualTo(new[]
            {
                ("all", "100.00", "30.00", "0.00", "130.00"),
                ("none", "100.00", "0.00", "0.00", "100.00"),
                ("surplus", "100.00", "80.00", "0.00", "180.00"),
            }));
            Assert.That(Totals(march), Is.EqualTo(("300.00", "0.00", "410.00")));
        }

        // A month with no budget keeps the chain going: April has only what rolled over.
        var april = await MonthAsync("2026-04");
        Assert.That(Lines(april), Is.EqualTo(new[] { ("all", "0.00", "130.00", "0.00", "130.00"), ("surplus", "0.00", "180.00", "0.00", "180.00") }));
    }

    [Test]
    public async Task AMonthWithOneRateMissingIsIncompleteAndNamesTheRate()
    {
        var client = ClientWithToken((await RegisterInEuroAsync()).AccessToken);
        using var dollars = await client.PostAsJsonAsync("/accounts", new { name = "Dollars", currency = "USD" });
        var usd = (await ReadObjectAsync(dollars))["id"];
        using var rate = await client.PutAsJsonAsync("/rates", new { rates = new[] { new { date = "2026-03-02", @base = "EUR", quote = "USD", rate = 1.1m } } });
        Assert.That(rate.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rate.Content.ReadAsStringAsync());
        using var first = await client.PostAsJsonAsync("/expenses", new { description = "diner", amount = 11, category = "Food", accountId = usd, occurredOn = "2026-03-02" });
        var food = (Guid)(await ReadObjectAsync(first))["categoryId"]!;
        (await client.PostAsJsonAsync("/expenses", new { description = "no rate", amount = 10, category = "Food", accountId = usd, occurredOn = "2026-03-20" })).Dispose();
        (await client.PostAsJsonAsync("/expenses", new { description = "euros", amount = 5, category = "Food", occurredOn = "2026-03-21" })).Dispose();
        (await client.PutAsJsonAsync($"/budgets/2026-03/{food}", new { amount = 100 })).Dispose();

        var month = (await client.GetFromJsonAsync<JsonObject>("/budgets/2026-03"))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)month["currency"], Is.EqualTo("EUR"));
            Assert.That(Lines(month), Is.EqualTo(new[] { ("Food", "100.00", "0.00", "15.00", "85.00") }));
            Assert.That((bool)month["complete"]!, Is.False);
            Assert.That(month["missingRates"]!.ToJsonString(), Is.EqualTo("[{\"currency\":\"USD\",\"date\":\"2026-03-20\"}]"));
        }
    }

    [Test]
    public async Task CopyTakesAnotherMonthsBudgetsAndKeepsTheOthers()
    {
        var food = await CategoryIdAsync("Food");
        var rent = await CategoryIdAsync("Rent");
        var fun = await CategoryIdAsync("Fun");
        await SetAsync("2026-03", food, 400);
        await SetAsync("2026-03", rent, 900);
        await SetAsync("2026-04", food, 100);
        await SetAsync("2026-04", fun, 50);

        using var copied = await Client.PostAsync("/budgets/2026-04/copy?from=2026-03", null);
        Assert.That(copied.StatusCode, Is.EqualTo(HttpStatusCode.OK), await copied.Content.ReadAsStringAsync());
        Assert.That(Lines(await ReadObjectAsync(copied)).Select(l => (l.Path, l.Budgeted)), Is.EqualTo(new[] { ("Food", "400.00"), ("Fun", "50.00"), ("Rent", "900.00") }));
        Assert.That(Lines(await MonthAsync("2026-03")).Select(l => l.Budgeted), Is.EqualTo(new[] { "400.00", "900.00" }));
    }

    [Test]
    public async Task ABudgetIsSetReplacedAndDeleted()
    {
        var food = await CategoryIdAsync("Food");
        using var set = await Client.PutAsJsonAsync($"/budgets/2026-03/{food}", new { amount = 400 });
        var body = await ReadObjectAsync(set);
        Assert.That(body.ToJsonString(), Is.EqualTo($"{{\"month\":\"2026-03\",\"categoryId\":\"{food}\",\"path\":\"Food\",\"amount\":400.00,\"currency\":\"USD\"}}"));
        await SetAsync("2026-03", food, 0);
        Assert.That(Lines(await MonthAsync("2026-03")).Single().Budgeted, Is.EqualTo("0.00"));
        Assert.That((await Client.DeleteAsync($"/budgets/2026-03/{food}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.DeleteAsync($"/budgets/2026-03/{food}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Lines(await MonthAsync("2026-03")), Is.Empty);
    }

    [TestCase("2026-13", "{\"amount\":1}", "month")]
    [TestCase("2026-00", "{\"amount\":1}", "month")]
    [TestCase("2026-1", "{\"amount\":1}", "month")]
    [TestCase("1899-12", "{\"amount\":1}", "month")]
    [TestCase("2026-03", "{\"amount\":-1}", "amount")]
    [TestCase("2026-03", "{\"amount\":1.001}", "amount")]
    [TestCase("2026-03", "{\"amount\":1000000001}", "amount")]
    [TestCase("2026-03", "{}", "amount")]
    public async Task AnInvalidMonthOrAmountIsA400NamingIt(string month, string body, string field)
    {
        var food = await CategoryIdAsync("Food");
        using var response = await Client.PutAsync($"/budgets/{month}/{food}", JsonBody(body));
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task AnotherUsersOrAnUnknownCategoryIsA404AndBadMonthsInTheOtherEndpointsAre400()
    {
        var stranger = ClientWithToken((await RegisterAndLoginAsync(Email("stranger"))).AccessToken);
        using var theirs = await stranger.PostAsJsonAsync("/categories", new { name = "Secret" });
        var theirId = (await ReadObjectAsync(theirs))["id"];
        await AssertProblemAsync(await Client.PutAsJsonAsync($"/budgets/2026-03/{theirId}", new { amount = 1 }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Client.PutAsJsonAsync($"/budgets/2026-03/{Guid.NewGuid()}", new { amount = 1 }), HttpStatusCode.NotFound);
        await AssertValidationProblemAsync(await Client.GetAsync("/budgets/march"), "month");
        await AssertValidationProblemAsync(await Client.DeleteAsync($"/budgets/2026-13/{theirId}"), "month");
        await AssertValidationProblemAsync(await Client.PostAsync("/budgets/2026-04/copy", null), "from");
        await AssertValidationProblemAsync(await Client.PostAsync("/budgets/2026-04/copy?from=2026-04", null), "from");
        await AssertValidationProblemAsync(await Client.PostAsync("/budgets/2026-04/copy?from=2026-4", null), "from");
    }

    private async Task<TokenResponseWithEmail> RegisterInEuroAsync()
    {
        var email = Email("euro");
        using var registered = await Anonymous.PostAsJsonAsync("/auth/register", new { email, password = Password, baseCurrency = "EUR" });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        return new((await LoginAsync(email)).AccessToken);
    }

    private async Task<Guid> CategoryIdAsync(string name)
    {
        using var response = await Client.PostAsJsonAsync("/categories", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (Guid)(await ReadObjectAsync(response))["id"]!;
    }

    private async Task<Guid> CategoryOfAsync(string kind, object body)
    {
        using var response = await Client.PostAsJsonAsync($"/{kind}", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (Guid?)(await ReadObjectAsync(response))["categoryId"] ?? Guid.Empty;
    }

    private async Task SetAsync(string month, Guid category, decimal amount)
    {
        using var response = await Client.PutAsJsonAsync($"/budgets/{month}/{category}", new { amount });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> MonthAsync(string month)
    {
        using var response = await Client.GetAsync($"/budgets/{month}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private static List<(string? Path, string Budgeted, string RolledOver, string Spent, string Available)> Lines(JsonObject month) =>
    [
        .. month["categories"]!.AsArray().Select(l => (
            (string?)l!["path"], l["budgeted"]!.ToJsonString(), l["rolledOver"]!.ToJsonString(), l["spent"]!.ToJsonString(), l["available"]!.ToJsonString())),
    ];

    private static (string, string, string) Totals(JsonObject month) =>
        (month["totalBudgeted"]!.ToJsonString(), month["totalSpent"]!.ToJsonString(), month["totalAvailable"]!.ToJsonString());

    private sealed record TokenResponseWithEmail(string AccessToken);
}
