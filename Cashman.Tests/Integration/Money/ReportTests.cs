using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Money;

/// <summary>Reports in one currency, with user rates and the ECB file's layout.</summary>
public sealed class ReportTests : IntegrationTest
{
    private const string EcbFile = """
        Date,USD,JPY,BGN,CYP,
        2026-11-03,1.1000,160.00,1.9558,N/A,
        2026-11-02,1.0800,N/A,1.9558,N/A,
        """;

    [Test]
    public async Task ABalanceInEuroConvertsEachAmountAtItsOwnDaysRateAndNamesWhatIsMissing()
    {
        await UseEuroAsync();
        var usd = await CreateAccountAsync(new { name = "Dollars", currency = "USD" });
        var jpy = await CreateAccountAsync(new { name = "Yen", currency = "JPY" });
        using var rates = await Client.PostAsync("/rates/import", new StringContent(EcbFile, Encoding.UTF8, "text/csv"));
        Assert.That(rates.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rates.Content.ReadAsStringAsync());

        await CreateAsync("incomes", new { description = "eur pay", amount = 100, occurredOn = "2026-11-02" });
        await CreateAsync("incomes", new { description = "usd pay", amount = 108, accountId = usd, occurredOn = "2026-11-02" });
        await CreateAsync("expenses", new { description = "usd later", amount = 11, accountId = usd, occurredOn = "2026-11-04" });
        await CreateAsync("expenses", new { description = "yen, no rate yet", amount = 1600, accountId = jpy, occurredOn = "2026-11-02" });

        var balance = await GetObjectAsync("/balance?groupBy=month");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)balance["currency"], Is.EqualTo("EUR"));
            Assert.That((bool)balance["complete"]!, Is.False);
            Assert.That(balance["missingRates"]!.ToJsonString(), Is.EqualTo("[{\"currency\":\"JPY\",\"date\":\"2026-11-02\"}]"));
            // 100 EUR + 108 USD at 1.08 = 200.00 EUR income; 11 USD on the 4th at the 3rd's 1.10 = 10.00 EUR spent.
            Assert.That(balance["totalIncome"]!.ToJsonString(), Is.EqualTo("200.00"));
            Assert.That(balance["totalExpenses"]!.ToJsonString(), Is.EqualTo("-10.00"));
            Assert.That(balance["balance"]!.ToJsonString(), Is.EqualTo("190.00"));
            Assert.That(balance["groups"]![0]!["balance"]!.ToJsonString(), Is.EqualTo("190.00"));
            var yen = balance["currencies"]!.AsArray().Single(c => (string?)c!["currency"] == "JPY")!;
            Assert.That(yen["totalExpenses"]!.ToJsonString(), Is.EqualTo("-1600"));
        }

        var inDollars = await GetObjectAsync("/balance?currency=USD&to=2026-11-03");
        Assert.That(inDollars["totalIncome"]!.ToJsonString(), Is.EqualTo("216.00"), "100 EUR at 1.08 plus 108 USD");
    }

    [Test]
    public async Task MissingRatesNameAtMostAHundredDaysEarliestFirst()
    {
        await UseEuroAsync();
        var usd = await CreateAccountAsync(new { name = "Dollars", currency = "USD" });
        var first = new DateOnly(2026, 1, 1);
        // 120 days with an amount and no rate at all, sent newest first.
        var items = Enumerable.Range(0, 120).Reverse().Select(i => new
        {
            type = "expense",
            accountId = usd,
            description = "day " + i,
            amount = 1,
            occurredOn = first.AddDays(i).ToString("yyyy-MM-dd"),
        });
        using var batch = await Client.PostAsJsonAsync("/transactions/batch", new { items });
        Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await batch.Content.ReadAsStringAsync());

        var balance = await GetObjectAsync("/balance");

        var days = balance["missingRates"]!.AsArray().Select(m => (string?)m!["date"]).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((bool)balance["complete"]!, Is.False);
            Assert.That(days, Has.Count.EqualTo(100));
            Assert.That(days, Is.EqualTo(Enumerable.Range(0, 100).Select(i => first.AddDays(i).ToString("yyyy-MM-dd"))));
            Assert.That(balance["missingRates"]!.AsArray().Select(m => (string?)m!["currency"]), Is.All.EqualTo("USD"));
        }
    }

    [Test]
    public async Task AUserWhoseAccountsAreAllInTheBaseCurrencyNeedsNoRate()
    {
        await CreateAsync("incomes", new { description = "pay", amount = 10.10m });
        var balance = await GetObjectAsync("/balance");
        Assert.That(((bool)balance["complete"]!, balance["balance"]!.ToJsonString(), (string?)balance["currency"]), Is.EqualTo((true, "10.10", "USD")));
    }

    [Test]
    public async Task AccountBalancesAtADayIncludeOnlyWhatHappenedByThenConvertedAtThatDaysRate()
    {
        await UseEuroAsync();
        var usd = await CreateAccountAsync(new { name = "Dollars", currency = "USD", openingBalance = 110, openingDate = "2026-11-01" });
        await CreateAsync("incomes", new { description = "pay", amount = 50, occurredOn = "2026-11-02" });
        await CreateAsync("expenses", new { description = "later", amount = 5, occurredOn = "2026-11-10" });
        using var put = await Client.PutAsJsonAsync("/rates", new { rates = new[] { new { date = "2026-11-02", @base = "EUR", quote = "USD", rate = 1.1m } } });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        var at = await GetObjectAsync("/accounts/balances?at=2026-11-03");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(at["total"]!.ToJsonString(), Is.EqualTo("150.00"));
            Assert.That((bool)at["complete"]!, Is.True);
            var dollars = at["accounts"]!.AsArray().Single(a => (string?)a!["name"] == "Dollars")!;
            Assert.That((dollars["balance"]!.ToJsonString(), dollars["converted"]!.ToJsonString()), Is.EqualTo(("110.00", "100.00")));
        }

        var late = await GetObjectAsync("/accounts/balances?at=2026-11-20");
        Assert.That(((bool)late["complete"]!, late["missingRates"]!.ToJsonString()), Is.EqualTo((false, "[{\"currency\":\"USD\",\"date\":\"2026-11-20\"}]")), "a rate 18 days old is too old");
        Assert.That((string?)(await GetObjectAsync($"/accounts/balances?at=2026-10-01"))["total"]!.ToJsonString(), Is.EqualTo("0.00"), "a zero needs no rate");
    }

    [Test]
    public async Task ARateKeepsItsTenDecimals()
    {
        using var put = await Client.PutAsync("/rates", JsonBody("{\"rates\":[{\"date\":\"2026-11-02\",\"base\":\"USD\",\"quote\":\"EUR\",\"rate\":0.9223390892}]}"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var list = await GetObjectAsync("/rates?base=USD");
        Assert.That(list["items"]![0]!["rate"]!.ToJsonString(), Is.EqualTo("0.9223390892"));
    }

    [Test]
    public async Task RatesAreListedWithTheirSourceAndDeletedOneByOne()
    {
        using var put = await Client.PutAsJsonAsync("/rates", new { rates = new[] { new { date = "2026-11-02", @base = "EUR", quote = "USD", rate = 1.1m } } });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await GetObjectAsync("/rates?base=EUR&quote=USD");
        Assert.That(list["items"]!.AsArray().Select(r => (string?)r!["source"]), Is.EqualTo(new[] { "user" }));
        Assert.That((await Client.DeleteAsync("/rates/2026-11-02/EUR/USD")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.DeleteAsync("/rates/2026-11-02/EUR/USD")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.DeleteAsync("/rates/2026-02-31/EUR/USD")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("2026-11-02", "EUR", "USD", "0", "rates[0].rate")]
    [TestCase("2026-11-02", "EUR", "USD", "-1", "rates[0].rate")]
    [TestCase("2026-11-02", "EUR", "USD", "1.00000000001", "rates[0].rate")]
    [TestCase("2026-11-02", "ABC", "USD", "1", "rates[0].base")]
    [TestCase("2026-11-02", "EUR", "EUR", "1", "rates[0].quote")]
    public async Task ABadRateIsA400NamingItAndNothingIsStored(string date, string baseCurrency, string quote, string rate, string field)
    {
        using var response = await Client.PutAsync("/rates", JsonBody($"{{\"rates\":[{{\"date\":\"{date}\",\"base\":\"{baseCurrency}\",\"quote\":\"{quote}\",\"rate\":{rate}}}]}}"));
        await AssertValidationProblemAsync(response, field);
        Assert.That((int)(await GetObjectAsync("/rates"))["totalItems"]!, Is.Zero);
    }

    [TestCase("2026-02-31")]
    [TestCase("N/A")]
    public async Task ABadDateInTheRatesFileIsA400(string date)
    {
        using var response = await Client.PostAsync("/rates/import", new StringContent($"Date,USD\n{date},1.1\n", Encoding.UTF8, "text/csv"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [TestCase("/balance?currency=ABC", "currency")]
    [TestCase("/accounts/balances?currency=eur", "currency")]
    [TestCase("/transactions?currency=XAU", "currency")]
    [TestCase("/rates?base=ABC", "base")]
    public async Task AnUnknownCurrencyInAQueryIsA400NamingIt(string path, string field) =>
        await AssertValidationProblemAsync(await Client.GetAsync(path), field);

    private async Task UseEuroAsync()
    {
        var euro = await CreateAccountAsync(new { name = "Euro", currency = "EUR" });
        using var settings = await Client.PutAsJsonAsync("/settings", new { baseCurrency = "EUR", defaultAccountId = euro });
        Assert.That(settings.StatusCode, Is.EqualTo(HttpStatusCode.OK), await settings.Content.ReadAsStringAsync());
    }

    private async Task<Guid> CreateAccountAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/accounts", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (Guid)(await ReadObjectAsync(response))["id"]!;
    }

    private async Task<JsonObject> GetObjectAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }
}
