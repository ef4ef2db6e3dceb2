using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Categories;

/// <summary>
/// <c>/balance?groupBy=category</c> adds up kept months: after every kind of write, rate change and range it answers what
/// the day totals say, and its totals equal the plain <c>/balance</c>, which reads other totals by other code.
/// </summary>
public sealed class KeptCategoryReportTests : IntegrationTest
{
    [Test]
    public async Task EveryKindOfWriteAfterAReportIsInTheNextReport()
    {
        var euro = await EuroAccountAsync();
        await RateAsync("2026-01-31", 2m);
        await RateAsync("2026-02-03", 4m);
        await RateAsync("2026-03-01", 3m);
        var rent = await PostAsync("/expenses", new { description = "rent", amount = 100, category = "Home", occurredOn = "2026-01-05" });
        var bread = await PostAsync("/expenses", new { description = "bread", amount = 3, category = "Food", occurredOn = "2026-02-03", accountId = euro });
        await AssertReportAsync(("Food", "-12.00", 1), ("Home", "-100.00", 1));

        // A new month, and a month already kept.
        await PostAsync("/expenses", new { description = "cheese", amount = 2, category = "Food", occurredOn = "2026-03-01", accountId = euro });
        await PostAsync("/expenses", new { description = "lamp", amount = 10, category = "Home", occurredOn = "2026-01-20" });
        await AssertReportAsync(("Food", "-18.00", 2), ("Home", "-110.00", 2));

        // Moved to another month (another rate) and category, then deleted.
        using (var moved = await Client.PutAsJsonAsync($"/expenses/{bread["id"]}", new { description = "bread", amount = 3, category = "Home", occurredOn = "2026-01-31" }))
        {
            Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await moved.Content.ReadAsStringAsync());
        }

        await AssertReportAsync(("Food", "-6.00", 1), ("Home", "-116.00", 3));
        using (var deleted = await Client.DeleteAsync(new Uri($"/expenses/{rent["id"]}", UriKind.Relative)))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await AssertReportAsync(("Food", "-6.00", 1), ("Home", "-16.00", 2));

        // A batch and an import (bulk copies), then a merge (a set-based move).
        using (var batch = await Client.PostAsJsonAsync("/transactions/batch", new
        {
            items = new object[] { new { type = "income", description = "refund", amount = 1, category = "Food", occurredOn = "2026-03-02", accountId = euro } },
        }))
        {
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await batch.Content.ReadAsStringAsync());
        }

        await ImportAsync("occurredOn,description,amount,category\n2026-01-09,pears,-5,Fruit\n");
        await AssertReportAsync(("Food", "-6.00", 1), ("Fruit", "-5.00", 1), ("Home", "-16.00", 2));
        var categories = (await GetAsync("/categories"))["items"]!.AsArray();
        var fruit = categories.Single(c => (string?)c!["path"] == "Fruit")!["id"];
        var food = categories.Single(c => (string?)c!["path"] == "Food")!["id"];
        using (var merged = await Client.PostAsJsonAsync($"/categories/{fruit}/merge", new { intoId = food }))
        {
            Assert.That(merged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await merged.Content.ReadAsStringAsync());
        }

        await AssertReportAsync(("Food", "-11.00", 2), ("Home", "-16.00", 2));
    }

    [Test]
    public async Task ARateAddedChangedOrRemovedAfterAReportIsInTheNextReport()
    {
        var euro = await EuroAccountAsync();
        await PostAsync("/expenses", new { description = "train", amount = 10, category = "Travel", occurredOn = "2026-04-10", accountId = euro });
        var missing = await ReportAsync();
        Assert.That(missing["missingRates"]!.ToJsonString(), Is.EqualTo("[{\"currency\":\"EUR\",\"date\":\"2026-04-10\"}]"));
        Assert.That(missing["groups"]!.AsArray().Select(g => g!["totalExpenses"]!.ToJsonString()), Is.EqualTo(new[] { "0.00" }));

        await RateAsync("2026-04-09", 1.5m);
        await AssertReportAsync(("Travel", "-15.00", 1));
        await RateAsync("2026-04-09", 3m);
        await AssertReportAsync(("Travel", "-30.00", 1));
        using (var removed = await Client.DeleteAsync(new Uri("/rates/2026-04-09/EUR/USD", UriKind.Relative)))
        {
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await removed.Content.ReadAsStringAsync());
        }

        Assert.That((bool)(await ReportAsync())["complete"]!, Is.False);
    }

    [Test]
    public async Task ASharedRateLoadedOrChangedAfterAReportIsInTheNextReport()
    {
        // Shared rates are everyone's: a currency and days no other test converts.
        var francs = (await PostAsync("/accounts", new { name = "Francs", currency = "CHF" }))["id"];
        await PostAsync("/expenses", new { description = "fondue", amount = 10, category = "Food", occurredOn = "1901-03-02", accountId = francs });
        Assert.That((bool)(await ReportAsync())["complete"]!, Is.False);
        await using var db = TestDatabase.Inspect();
        try
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO shared_rates (day, base, quote, rate) VALUES ('1901-03-01', 'EUR', 'CHF', 2), ('1901-03-01', 'EUR', 'USD', 1.5)");
            await AssertReportAsync(("Food", "-7.50", 1));
            await db.Database.ExecuteSqlRawAsync("UPDATE shared_rates SET rate = 3 WHERE day = '1901-03-01' AND base = 'EUR' AND quote = 'USD'");
            await AssertReportAsync(("Food", "-15.00", 1));
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM shared_rates WHERE day = '1901-03-01' AND base = 'EUR' AND quote IN ('CHF', 'USD')");
        }
    }

    [Test]
    public async Task AnotherMaximumRateAgeConvertsTheKeptMonthsAgain()
    {
        var euro = await EuroAccountAsync();
        await RateAsync("2026-06-01", 2m);
        await PostAsync("/expenses", new { description = "late", amount = 10, category = "Food", occurredOn = "2026-06-20", accountId = euro });
        Assert.That((bool)(await ReportAsync())["complete"]!, Is.False);

        await using var patient = Factory.WithWebHostBuilder(b => b.UseSetting("Money:RateMaxAgeDays", "30"));
        var client = Track(patient.CreateClient());
        client.DefaultRequestHeaders.Authorization = Client.DefaultRequestHeaders.Authorization;
        using (var wide = await client.GetAsync(new Uri("/balance?groupBy=category", UriKind.Relative)))
        {
            var report = await ReadObjectAsync(wide);
            Assert.That((bool)report["complete"]!, Is.True);
            Assert.That(report["totalExpenses"]!.ToJsonString(), Is.EqualTo("-20.00"));
        }

        Assert.That((bool)(await ReportAsync())["complete"]!, Is.False);
    }

    [Test]
    public async Task EachReportCurrencyKeepsItsOwnMonths()
    {
        var euro = await EuroAccountAsync();
        await RateAsync("2026-07-01", 2m);
        await PostAsync("/expenses", new { description = "hotel", amount = 10, category = "Travel", occurredOn = "2026-07-02", accountId = euro });
        await PostAsync("/expenses", new { description = "taxi", amount = 4, category = "Travel", occurredOn = "2026-07-03" });
        await AssertReportAsync(("Travel", "-24.00", 2));
        await AssertReportAsync("?currency=EUR", ("Travel", "-12.00", 2));

        await PostAsync("/expenses", new { description = "bus", amount = 2, category = "Travel", occurredOn = "2026-07-04" });
        await AssertReportAsync("?currency=EUR", ("Travel", "-13.00", 3));
        await AssertReportAsync(("Travel", "-26.00", 3));
    }

    [TestCase("?from=2026-01-15&to=2026-03-10", "-14.00", 3)]
    [TestCase("?from=2026-02-01&to=2026-02-28", "-4.00", 1)]
    [TestCase("?from=2026-01-11&to=2026-01-19", "0.00", 0)]
    [TestCase("?from=2026-01-01&to=2026-03-05", "-15.00", 4)]
    [TestCase("?to=2026-02-27", "-7.00", 3)]
    public async Task ARangeThatCutsMonthsCountsTheirDaysWithTheWholeMonths(string range, string expenses, long count)
    {
        foreach (var (day, amount) in new[] { ("2026-01-10", 1), ("2026-01-20", 2), ("2026-02-15", 4), ("2026-03-05", 8), ("2026-03-25", 16) })
        {
            await PostAsync("/expenses", new { description = "x", amount, category = "Fun", occurredOn = day });
        }

        await ReportAsync();
        var report = await ReportAsync(range);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report["totalExpenses"]!.ToJsonString(), Is.EqualTo(expenses));
            Assert.That((long)report["expenseCount"]!, Is.EqualTo(count));
        }
    }

    [Test]
    public async Task ReportsRacingWithWritesEndAtTheDayTotals()
    {
        var euro = await EuroAccountAsync();
        var main = (await GetAsync("/settings"))["defaultAccountId"]!;
        await RateAsync("2026-05-01", 2m);
        var writes = Enumerable.Range(1, 20).Select(i => Client.PostAsJsonAsync("/expenses", new JsonObject
        {
            ["description"] = $"coffee {i}",
            ["amount"] = i,
            ["category"] = $"Place {i % 7}", // categories created while reports run
            ["occurredOn"] = $"2026-{1 + (i % 6):00}-0{1 + (i % 9)}",
            ["accountId"] = i % 3 == 0 ? euro.DeepClone() : main.DeepClone(),
        }));
        var reports = Enumerable.Range(0, 10).Select(_ => Client.GetAsync(new Uri("/balance?groupBy=category", UriKind.Relative)));
        var answers = await Task.WhenAll(writes.Concat(reports));
        Assert.That(answers.Select(a => (int)a.StatusCode), Is.All.LessThan(300));
        DisposeAll(answers);

        var report = await ReportAsync();
        var plain = await GetAsync("/balance");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report["totalExpenses"]!.ToJsonString(), Is.EqualTo(plain["totalExpenses"]!.ToJsonString()));
            Assert.That((long)report["expenseCount"]!, Is.EqualTo(20));
            Assert.That(
                report["groups"]!.AsArray().Sum(g => decimal.Parse(g!["totalExpenses"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)),
                Is.EqualTo(decimal.Parse(plain["totalExpenses"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Test]
    public async Task ReportsRacingWithTheUsersErasureKeepNothingOfIt()
    {
        var tokens = await RegisterAndLoginAsync(Email("leaving"));
        var client = ClientWithToken(tokens.AccessToken);
        var userId = UserIdOf(tokens);
        foreach (var month in Enumerable.Range(1, 12))
        {
            (await client.PostAsJsonAsync("/expenses", new { description = "x", amount = 1, category = "Food", occurredOn = $"2026-{month:00}-01" })).Dispose();
        }

        var reports = Enumerable.Range(0, 8).Select(_ => client.GetAsync(new Uri("/balance?groupBy=category", UriKind.Relative)));
        var erase = client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/auth/me") { Content = JsonContent.Create(new { password = Password }) });
        var answers = await Task.WhenAll(reports.Append(erase));
        Assert.That(answers.Select(a => a.StatusCode), Is.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.Unauthorized));
        DisposeAll(answers);
        Assert.That(answers[^1].StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        foreach (var table in new[] { "category_report_states", "category_report_totals", "category_day_totals", "user_totals" })
        {
            Assert.That(await TestDatabase.CountOwnedAsync(table, userId), Is.Zero, table);
        }
    }

    /// <summary>The report's category groups (key, expenses, count), and its totals against the plain balance's.</summary>
    private Task AssertReportAsync(params (string Key, string Expenses, long Count)[] groups) => AssertReportAsync("", groups);

    /// <inheritdoc cref="AssertReportAsync(ValueTuple{string, string, long}[])"/>
    private async Task AssertReportAsync(string query, params (string Key, string Expenses, long Count)[] groups)
    {
        var report = await ReportAsync(query);
        var plain = await GetAsync("/balance" + query);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                report["groups"]!.AsArray().Select(g => ((string)g!["key"]!, g["totalExpenses"]!.ToJsonString(), (long)g["expenseCount"]!)),
                Is.EqualTo(groups));
            foreach (var total in new[] { "totalIncome", "totalExpenses", "incomeCount", "expenseCount", "complete", "missingRates", "currencies" })
            {
                Assert.That(report[total]!.ToJsonString(), Is.EqualTo(plain[total]!.ToJsonString()), total);
            }
        }
    }

    private Task<JsonObject> ReportAsync(string range = "") =>
        GetAsync("/balance?groupBy=category" + (range.Length > 0 ? "&" + range.TrimStart('?') : ""));

    private async Task<JsonNode> EuroAccountAsync() =>
        (await PostAsync("/accounts", new { name = "Euro", currency = "EUR" }))["id"]!;

    private async Task RateAsync(string date, decimal rate)
    {
        using var response = await Client.PutAsJsonAsync("/rates", new { rates = new[] { new { date, @base = "EUR", quote = "USD", rate } } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }
}
