using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Transactions;

public sealed class FilterAndSortTests : IntegrationTest
{
    [SetUp]
    public async Task CreateHistoryAsync()
    {
        await CreateAsync("incomes", new { description = "Salary March", amount = 5000, category = "work", occurredOn = "2026-03-01" });
        await CreateAsync("incomes", new { description = "Dividends", amount = 200, category = "Investments", occurredOn = "2026-03-15" });
        await CreateAsync("incomes", new { description = "Salary April", amount = 5000, category = "work", occurredOn = "2026-04-01" });
        await CreateAsync("expenses", new { description = "pizza", amount = 50, category = "food", occurredOn = "2026-03-10" });
        await CreateAsync("expenses", new { description = "Groceries", amount = 120.5m, category = "Food", occurredOn = "2026-03-31" });
        await CreateAsync("expenses", new { description = "Rock Concert", amount = 100, category = null as string, occurredOn = "2026-04-02" });
        await CreateAsync("expenses", new { description = "100% juice_bar", amount = 7.25m, category = "food", occurredOn = "2026-04-03" });
    }

    [TestCase("/expenses?from=2026-03-10&to=2026-03-31", "Groceries,pizza")]
    [TestCase("/expenses?from=2026-04-01", "100% juice_bar,Rock Concert")]
    [TestCase("/expenses?to=2026-03-10", "pizza")]
    [TestCase("/incomes?from=2026-03-01&to=2026-03-01", "Salary March")]
    [TestCase("/expenses?minAmount=100", "Groceries,Rock Concert")]
    [TestCase("/expenses?maxAmount=50", "100% juice_bar,pizza")]
    [TestCase("/expenses?minAmount=50&maxAmount=100", "Rock Concert,pizza")]
    [TestCase("/incomes?minAmount=200&maxAmount=200", "Dividends")]
    [TestCase("/incomes?q=salary", "Salary April,Salary March")]
    [TestCase("/expenses?q=CONCERT", "Rock Concert")]
    [TestCase("/expenses?q=%25", "100% juice_bar")]
    [TestCase("/expenses?q=_", "100% juice_bar")]
    [TestCase("/expenses?q=nothing", "")]
    [TestCase("/expenses?category=food", "100% juice_bar,Groceries,pizza")]
    [TestCase("/expenses?category=FOOD", "100% juice_bar,Groceries,pizza")]
    [TestCase("/expenses?category=foo", "")]
    [TestCase("/incomes?category=investments", "Dividends")]
    [TestCase("/expenses?category=food&from=2026-04-01", "100% juice_bar")]
    [TestCase("/expenses?category=food&q=p&maxAmount=60", "pizza")]
    [TestCase("/transactions?minAmount=150", "Salary April,Dividends,Salary March")]
    [TestCase("/transactions?type=expense&category=food&minAmount=10", "Groceries,pizza")]
    [TestCase("/transactions?q=e&to=2026-03-31", "Groceries,Dividends")]
    public async Task FiltersAloneAndCombinedSelectExactlyTheMatchingRows(string path, string expected)
    {
        var body = await ReadObjectAsync(await Client.GetAsync(path));
        var descriptions = Descriptions(body).ToList();
        var wanted = expected.Length == 0 ? [] : expected.Split(',');
        if (!path.StartsWith("/transactions", StringComparison.Ordinal))
        {
            descriptions.Sort(StringComparer.Ordinal);
            Array.Sort(wanted, StringComparer.Ordinal);
        }

        Assert.That(descriptions, Is.EqualTo(wanted));
        Assert.That((int)body["totalItems"]!, Is.EqualTo(wanted.Length));
    }

    [Test]
    public async Task FiltersAreKeptInThePageLinks()
    {
        var body = await ReadObjectAsync(await Client.GetAsync("/expenses?category=food&pageSize=1&minAmount=1"));
        Assert.That((int)body["totalPages"]!, Is.EqualTo(3));
        var next = (string)body["links"]!["next"]!;
        Assert.That(next, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/expenses?category=food&minAmount=1&page=2&pageSize=1"));
        var second = await ReadObjectAsync(await Client.GetAsync(next));
        Assert.That((int)second["totalItems"]!, Is.EqualTo(3));
    }

    [TestCase("occurredOn", "pizza,Groceries,Rock Concert,100% juice_bar")]
    [TestCase("-occurredOn", "100% juice_bar,Rock Concert,Groceries,pizza")]
    [TestCase("amount", "100% juice_bar,pizza,Rock Concert,Groceries")]
    [TestCase("-amount", "Groceries,Rock Concert,pizza,100% juice_bar")]
    [TestCase("createdAt", "pizza,Groceries,Rock Concert,100% juice_bar")]
    [TestCase("-createdAt", "100% juice_bar,Rock Concert,Groceries,pizza")]
    [TestCase("description", "100% juice_bar,Groceries,Rock Concert,pizza")]
    [TestCase("-description", "pizza,Rock Concert,Groceries,100% juice_bar")]
    public async Task EachSortFieldWorksBothWays(string sort, string expected)
    {
        var body = await ReadObjectAsync(await Client.GetAsync($"/expenses?sort={Uri.EscapeDataString(sort)}"));
        Assert.That(Descriptions(body), Is.EqualTo(expected.Split(',')));
    }

    [Test]
    public async Task AmountSortUsesTheAbsoluteAmountAcrossKinds()
    {
        var body = await ReadObjectAsync(await Client.GetAsync("/transactions?sort=-amount&pageSize=3"));
        Assert.That(Descriptions(body), Is.EqualTo(new[] { "Salary April", "Salary March", "Dividends" }));
    }

    [TestCase("occurredOn")]
    [TestCase("-amount")]
    [TestCase("description")]
    public async Task WalkingThePagesWithTiesReturnsEveryRowExactlyOnce(string sort)
    {
        // A user of its own, with nothing but the ties.
        var walker = ClientWithToken((await RegisterAndLoginAsync(Email("walker"))).AccessToken);
        for (var i = 0; i < 13; i++)
        {
            // Three values of each key, so that every page boundary falls inside a tie.
            await PostAsync(walker, new { description = $"same {i % 3}", amount = 10 + (i % 3), occurredOn = $"2026-05-0{1 + (i % 3)}" });
        }

        var seen = new List<string>();
        string? next = $"/expenses?pageSize=4&sort={sort}";
        while (next is not null)
        {
            var page = await ReadObjectAsync(await walker.GetAsync(next));
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            next = (string?)page["links"]!["next"];
        }

        Assert.That(seen, Has.Count.EqualTo(13));
        Assert.That(seen, Is.Unique);
    }

    [TestCase("from=2026-02-30", "from")]
    [TestCase("from=01/02/2026", "from")]
    [TestCase("from=2026-1-1", "from")]
    [TestCase("to=yesterday", "to")]
    [TestCase("from=2026-04-01&to=2026-03-01", "to")]
    [TestCase("minAmount=-1", "minAmount")]
    [TestCase("minAmount=abc", "minAmount")]
    [TestCase("maxAmount=1000000001", "maxAmount")]
    [TestCase("minAmount=10&maxAmount=5", "maxAmount")]
    [TestCase("sort=amount,description", "sort")]
    [TestCase("sort=price", "sort")]
    [TestCase("sort=--amount", "sort")]
    [TestCase("sort=Amount", "sort")]
    [TestCase("fromDate=2026-01-01", "fromDate")]
    [TestCase("hasFilters=true", "hasFilters")]
    public async Task InvalidFilterOrSortIsA400ThatNamesIt(string query, string parameter)
    {
        foreach (var path in new[] { "/incomes", "/expenses", "/transactions" })
        {
            using var response = await Client.GetAsync($"{path}?{query}");
            await AssertValidationProblemAsync(response, parameter);
        }
    }

    [Test]
    public async Task OverlongTextFiltersAreRejected()
    {
        await AssertValidationProblemAsync(await Client.GetAsync($"/expenses?q={new string('q', 201)}"), "q");
        await AssertValidationProblemAsync(await Client.GetAsync($"/expenses?category={new string('c', 102)}"), "category");
    }

    private static async Task PostAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsync("/expenses", JsonBody(System.Text.Json.JsonSerializer.Serialize(body)));
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    [TestCase("minAmount=0.00005", "minAmount")]
    [TestCase("maxAmount=12.34567", "maxAmount")]
    public async Task AnAmountFilterWithMoreDecimalsThanAnyCurrencyIsA400NamingIt(string query, string parameter)
    {
        using var response = await Client.GetAsync($"/transactions?{query}");
        await AssertValidationProblemAsync(response, parameter);
    }
}
