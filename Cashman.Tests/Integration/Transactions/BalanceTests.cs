using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Transactions;

public sealed class BalanceTests : IntegrationTest
{
    [Test]
    public async Task EmptyAccountHasZeroTotalsAndNoGroups()
    {
        var body = await BalanceAsync("/balance");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((decimal)body["totalIncome"]!, Is.Zero);
            Assert.That((decimal)body["totalExpenses"]!, Is.Zero);
            Assert.That((decimal)body["balance"]!, Is.Zero);
            Assert.That((long)body["incomeCount"]!, Is.Zero);
            Assert.That((long)body["expenseCount"]!, Is.Zero);
            Assert.That(body["from"], Is.Null);
            Assert.That(body["to"], Is.Null);
            Assert.That(body.ContainsKey("groups"), Is.False);
        }
    }

    [Test]
    public async Task TutorialDataBalancesToFiftyFiftyCents()
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        await CreateAsync("incomes", new { description = "Dividends", amount = 200 });
        await CreateAsync("expenses", new { description = "pizza", amount = 50 });
        await CreateAsync("expenses", new { description = "Rock Concert", amount = 100 });

        var body = await BalanceAsync("/balance");
        Assert.That(Text(body), Is.EqualTo("income 5200.00 x2, expenses -150.00 x2, balance 5050.00"));
    }

    [Test]
    public async Task CentsAddUpExactlyWhereFloatingPointWouldDrift()
    {
        var expected = 0m;
        for (var i = 0; i < 30; i++)
        {
            await CreateAsync("incomes", new { description = $"dime {i}", amount = 0.1m });
            await CreateAsync("expenses", new { description = $"fifth {i}", amount = 0.2m });
            expected += 0.1m - 0.2m;
        }

        var body = await BalanceAsync("/balance");
        Assert.That(Text(body), Is.EqualTo("income 3.00 x30, expenses -6.00 x30, balance -3.00"));
        Assert.That((decimal)body["balance"]!, Is.EqualTo(expected));

        // 0.1 + 0.2 in doubles is 0.30000000000000004: the API never goes through floating point.
        var ranged = await BalanceAsync("/balance?from=2000-01-01");
        Assert.That(Text(ranged), Is.EqualTo(Text(body)));
        var raw = await (await Client.GetAsync("/balance")).Content.ReadAsStringAsync();
        Assert.That(raw, Does.Contain("\"totalIncome\":3.00").And.Contain("\"totalExpenses\":-6.00").And.Contain("\"balance\":-3.00"));
    }

    [Test]
    public async Task FromAndToAreInclusiveAtMonthEdges()
    {
        await CreateAsync("incomes", new { description = "last of Feb", amount = 1, occurredOn = "2026-02-28" });
        await CreateAsync("incomes", new { description = "first of Mar", amount = 10, occurredOn = "2026-03-01" });
        await CreateAsync("expenses", new { description = "last of Mar", amount = 100, occurredOn = "2026-03-31" });
        await CreateAsync("expenses", new { description = "first of Apr", amount = 1000, occurredOn = "2026-04-01" });

        var march = await BalanceAsync("/balance?from=2026-03-01&to=2026-03-31");
        Assert.That(Text(march), Is.EqualTo("income 10.00 x1, expenses -100.00 x1, balance -90.00"));
        Assert.That((string)march["from"]!, Is.EqualTo("2026-03-01"));
        Assert.That((string)march["to"]!, Is.EqualTo("2026-03-31"));
        Assert.That(Text(await BalanceAsync("/balance?to=2026-02-28")), Is.EqualTo("income 1.00 x1, expenses 0.00 x0, balance 1.00"));
        Assert.That(Text(await BalanceAsync("/balance?from=2026-04-01")), Is.EqualTo("income 0.00 x0, expenses -1000.00 x1, balance -1000.00"));
    }

    [Test]
    public async Task GroupByMonthMatchesSumsComputedIndependently()
    {
        var random = new Random(42);
        var rows = new List<(DateOnly Day, bool Income, decimal Amount)>();
        for (var i = 0; i < 40; i++)
        {
            var day = new DateOnly(2025, 11, 1).AddDays(random.Next(0, 150));
            var income = random.Next(2) == 0;
            var amount = random.Next(1, 100_000) / 100m;
            rows.Add((day, income, income ? amount : -amount));
            await CreateAsync(income ? "incomes" : "expenses", new { description = $"r{i}", amount, occurredOn = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        var body = await BalanceAsync("/balance?groupBy=month");
        var expected = rows.GroupBy(r => r.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: " + Summary(g.Where(r => r.Income).Sum(r => r.Amount), g.Count(r => r.Income), g.Where(r => !r.Income).Sum(r => r.Amount), g.Count(r => !r.Income)));
        var actual = body["groups"]!.AsArray().Select(g => $"{(string)g!["key"]!}: {Text(g.AsObject())}");
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(Text(body), Is.EqualTo(Summary(rows.Where(r => r.Income).Sum(r => r.Amount), rows.Count(r => r.Income), rows.Where(r => !r.Income).Sum(r => r.Amount), rows.Count(r => !r.Income))));
    }

    [TestCase("2025-11-15", "2026-02-10")]
    [TestCase("2025-11-01", "2026-02-28")]
    [TestCase("2025-12-05", "2025-12-20")]
    [TestCase("2025-12-31", "2026-01-01")]
    [TestCase(null, "2026-01-15")]
    [TestCase("2026-01-15", null)]
    public async Task RangedBalanceAndMonthsMatchSumsComputedIndependently(string? from, string? to)
    {
        var random = new Random(7);
        var rows = new List<(DateOnly Day, decimal Amount)>();
        for (var i = 0; i < 60; i++)
        {
            var day = new DateOnly(2025, 10, 20).AddDays(random.Next(0, 150));
            var amount = random.Next(1, 100_000) / 100m;
            var income = random.Next(2) == 0;
            rows.Add((day, income ? amount : -amount));
            await CreateAsync(income ? "incomes" : "expenses", new { description = $"r{i}", amount, occurredOn = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        var query = string.Join("&", new[] { from is null ? null : $"from={from}", to is null ? null : $"to={to}" }.OfType<string>());
        var inRange = rows.Where(r =>
            (from is null || r.Day >= DateOnly.Parse(from, CultureInfo.InvariantCulture)) &&
            (to is null || r.Day <= DateOnly.Parse(to, CultureInfo.InvariantCulture))).ToList();
        string Expected(IEnumerable<(DateOnly Day, decimal Amount)> set)
        {
            var list = set.ToList();
            return Summary(list.Where(r => r.Amount > 0).Sum(r => r.Amount), list.Count(r => r.Amount > 0), list.Where(r => r.Amount < 0).Sum(r => r.Amount), list.Count(r => r.Amount < 0));
        }

        Assert.That(Text(await BalanceAsync($"/balance?{query}")), Is.EqualTo(Expected(inRange)));
        var byMonth = await BalanceAsync($"/balance?{query}&groupBy=month");
        Assert.That(Text(byMonth), Is.EqualTo(Expected(inRange)));
        Assert.That(
            byMonth["groups"]!.AsArray().Select(g => $"{(string)g!["key"]!}: {Text(g.AsObject())}"),
            Is.EqualTo(inRange.GroupBy(r => r.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {Expected(g)}")));
    }

    [Test]
    public async Task MovingATransactionToAnotherDayMovesItBetweenMonths()
    {
        var rent = await CreateAsync("expenses", new { description = "rent", amount = 900, occurredOn = "2026-01-31" });
        (await Client.PutAsJsonAsync($"/expenses/{rent.Id}", new { description = "rent", amount = 900, occurredOn = "2026-02-01" })).EnsureSuccessStatusCode();
        var groups = (await BalanceAsync("/balance?groupBy=month"))["groups"]!.AsArray();
        Assert.That(groups.Select(g => $"{(string)g!["key"]!}: {Text(g.AsObject())}"), Is.EqualTo(new[] { "2026-02: income 0.00 x0, expenses -900.00 x1, balance -900.00" }));
        Assert.That(Text(await BalanceAsync("/balance?to=2026-01-31")), Is.EqualTo("income 0.00 x0, expenses 0.00 x0, balance 0.00"));
        await AssertTotalsMatchTheRowsAsync();
    }

    [Test]
    public async Task GroupByCategoryHasANullKeyForUncategorised()
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 5000, category = "work" });
        await CreateAsync("expenses", new { description = "pizza", amount = 50, category = "food" });
        await CreateAsync("expenses", new { description = "Groceries", amount = 20.25m, category = "food" });
        await CreateAsync("expenses", new { description = "Rock Concert", amount = 100 });

        var groups = (await BalanceAsync("/balance?groupBy=category"))["groups"]!.AsArray();
        var text = groups.Select(g => $"{(string?)g!["key"] ?? "(none)"}: {Text(g.AsObject())}");
        Assert.That(text, Is.EqualTo(new[]
        {
            "(none): income 0.00 x0, expenses -100.00 x1, balance -100.00",
            "food: income 0.00 x0, expenses -70.25 x2, balance -70.25",
            "work: income 5000.00 x1, expenses 0.00 x0, balance 5000.00",
        }));
        Assert.That(groups[0]!.AsObject().ContainsKey("key"), Is.True);
    }

    [Test]
    public async Task GroupsRespectTheDateRange()
    {
        await CreateAsync("incomes", new { description = "Jan", amount = 1, occurredOn = "2026-01-15" });
        await CreateAsync("incomes", new { description = "Feb", amount = 2, occurredOn = "2026-02-15" });
        var groups = (await BalanceAsync("/balance?groupBy=month&from=2026-02-01"))["groups"]!.AsArray();
        Assert.That(groups.Select(g => (string)g!["key"]!), Is.EqualTo(new[] { "2026-02" }));
    }

    [Test]
    public async Task BalanceSeesOnlyTheCallersTransactions()
    {
        await CreateAsync("incomes", new { description = "mine", amount = 10 });
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        await other.PostAsJsonAsync("/incomes", new { description = "theirs", amount = 99 });
        Assert.That(Text(await BalanceAsync("/balance")), Is.EqualTo("income 10.00 x1, expenses 0.00 x0, balance 10.00"));
        Assert.That(Text(await BalanceAsync("/balance?from=2000-01-01&groupBy=category")), Is.EqualTo("income 10.00 x1, expenses 0.00 x0, balance 10.00"));
    }

    [TestCase("groupBy=week", "groupBy")]
    [TestCase("groupBy=Month", "groupBy")]
    [TestCase("from=2026-02-31", "from")]
    [TestCase("to=31-01-2026", "to")]
    [TestCase("from=2026-03-01&to=2026-02-01", "to")]
    [TestCase("page=1", "page")]
    [TestCase("type=income", "type")]
    public async Task InvalidOrUnknownBalanceParameterIsA400ThatNamesIt(string query, string parameter) =>
        await AssertValidationProblemAsync(await Client.GetAsync($"/balance?{query}"), parameter);

    [Test]
    public async Task BalanceNeedsCredentials()
    {
        using var response = await Anonymous.GetAsync("/balance");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
    }

    [Test]
    public async Task RunningTotalsStayExactThroughCreatesUpdatesAndDeletes()
    {
        var salary = await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        var pizza = await CreateAsync("expenses", new { description = "pizza", amount = 50 });
        await CreateAsync("expenses", new { description = "Rock Concert", amount = 100 });
        (await Client.PutAsJsonAsync($"/incomes/{salary.Id}", new { description = "Salary", amount = 5100.10m })).EnsureSuccessStatusCode();
        (await Client.PutAsJsonAsync($"/expenses/{pizza.Id}", new { description = "pizza", amount = 49.99m })).EnsureSuccessStatusCode();
        (await Client.DeleteAsync($"/expenses/{pizza.Id}")).EnsureSuccessStatusCode();

        var body = await BalanceAsync("/balance");
        Assert.That(Text(body), Is.EqualTo("income 5100.10 x1, expenses -100.00 x1, balance 5000.10"));
        Assert.That(Text(await BalanceAsync("/balance?from=1900-01-01")), Is.EqualTo(Text(body)));
        await AssertTotalsMatchTheRowsAsync();
    }

    [Test]
    public async Task RunningTotalsFollowAChangeOfKindOrOwnerMadeInTheDatabase()
    {
        var income = await CreateAsync("incomes", new { description = "mislabelled", amount = 30 });
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await using var db = TestDatabase.Inspect();
            await db.Database.ExecuteSqlAsync($"UPDATE transactions SET type = 'expense', amount = -amount WHERE id = {income.Id}");
        }

        Assert.That(Text(await BalanceAsync("/balance")), Is.EqualTo("income 0.00 x0, expenses -30.00 x1, balance -30.00"));
        await AssertTotalsMatchTheRowsAsync();
    }

    [Test]
    public async Task RunningTotalsStayExactUnderConcurrentWrites()
    {
        var seeded = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            seeded.Add((await CreateAsync("expenses", new { description = $"old {i}", amount = 1.11m })).Id);
        }

        var writes = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 40; i++)
        {
            writes.Add(Client.PostAsJsonAsync(i % 2 == 0 ? "/incomes" : "/expenses", new { description = $"c{i}", amount = 0.01m * (i + 1) }));
        }

        writes.AddRange(seeded.Take(5).Select(id => Client.DeleteAsync($"/expenses/{id}")));
        writes.AddRange(seeded.Skip(5).Select(id => Client.PutAsJsonAsync($"/expenses/{id}", new { description = "changed", amount = 2.22m })));
        var statuses = await StatusesAsync(writes);
        Assert.That(statuses.Select(s => (int)s), Is.All.InRange(200, 299));

        var incomes = Enumerable.Range(0, 40).Where(i => i % 2 == 0).Sum(i => 0.01m * (i + 1));
        var expenses = -Enumerable.Range(0, 40).Where(i => i % 2 == 1).Sum(i => 0.01m * (i + 1)) - (5 * 2.22m);
        var body = await BalanceAsync("/balance");
        Assert.That(Text(body), Is.EqualTo(Summary(incomes, 20, expenses, 25)));
        await AssertTotalsMatchTheRowsAsync();
    }

    [TestCase("?from=0001-01-01&to=9999-12-31", "income 5005.00 x2, expenses -107.00 x2, balance 4898.00")]
    [TestCase("?to=9999-12-31", "income 5005.00 x2, expenses -107.00 x2, balance 4898.00")]
    [TestCase("?from=0001-01-01", "income 5005.00 x2, expenses -107.00 x2, balance 4898.00")]
    [TestCase("?from=9999-12-02", "income 0.00 x0, expenses 0.00 x0, balance 0.00")]
    [TestCase("?to=0001-01-15", "income 0.00 x0, expenses 0.00 x0, balance 0.00")]
    [TestCase("?from=2999-12-02", "income 0.00 x0, expenses -7.00 x1, balance -7.00")]
    [TestCase("?to=1900-01-15", "income 5.00 x1, expenses 0.00 x0, balance 5.00")]
    public async Task RangesReachingTheCalendarsEndsAreA200WithExactTotals(string range, string expected)
    {
        await CreateAsync("incomes", new { description = "first day", amount = 5, occurredOn = "1900-01-01" });
        await CreateAsync("incomes", new { description = "salary", amount = 5000, occurredOn = "2026-03-10" });
        await CreateAsync("expenses", new { description = "pizza", amount = 100, occurredOn = "2026-03-11" });
        await CreateAsync("expenses", new { description = "last day", amount = 7, occurredOn = "2999-12-31" });

        foreach (var groupBy in new[] { string.Empty, "&groupBy=month", "&groupBy=category" })
        {
            var body = await BalanceAsync("/balance" + range + groupBy);
            Assert.That(Text(body), Is.EqualTo(expected), groupBy);
        }

        var months = await BalanceAsync("/balance" + range + "&groupBy=month");
        var total = months["groups"]!.AsArray().Sum(g => (decimal)g!["balance"]!);
        Assert.That(total, Is.EqualTo((decimal)months["balance"]!));
    }

    private async Task AssertTotalsMatchTheRowsAsync() => await KeptTotals.AssertMatchTheRowsAsync(await TestUserIdsAsync());

    private async Task<JsonObject> BalanceAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private static string Text(JsonObject totals)
    {
        var income = (decimal)totals["totalIncome"]!;
        var expenses = (decimal)totals["totalExpenses"]!;
        Assert.That((decimal)totals["balance"]!, Is.EqualTo(income + expenses));
        Assert.That(expenses, Is.LessThanOrEqualTo(0));
        return Summary(income, (long)totals["incomeCount"]!, expenses, (long)totals["expenseCount"]!);
    }

    private static string Summary(decimal income, long incomeCount, decimal expenses, long expenseCount) =>
        string.Create(CultureInfo.InvariantCulture, $"income {income:0.00} x{incomeCount}, expenses {expenses:0.00} x{expenseCount}, balance {income + expenses:0.00}");
}
