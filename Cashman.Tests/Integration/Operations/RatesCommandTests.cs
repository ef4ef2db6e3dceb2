using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// The operator's <c>rates import FILE</c> as a process, on a database of its own: shared rates are everybody's, and the
/// other fixtures' reports must not see them.
/// </summary>
public sealed class RatesCommandTests
{
    /// <summary>Rates in <c>Data/eurofxref-hist.csv</c>: USD 4 (one N/A), JPY 4 (one N/A), CZK, GBP, CHF 5 each; BGN (euro since 2026), CYP and SIT are no longer currencies.</summary>
    private const int RatesInFile = 23;

    private static string EcbFile => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "eurofxref-hist.csv");

    [Test]
    public async Task RatesImportStoresTheEcbFileOnceAndAUsersOwnRateWinsOverTheSharedOne()
    {
        var connectionString = await TestDatabase.CreateEmptyDatabaseAsync("rates", forApi: false);
        try
        {
            var migrate = await ApiProcess.RunAsync(connectionString, "migrate");
            Assert.That(migrate.ExitCode, Is.Zero, migrate.Output);
            foreach (var run in new[] { "first", "again" })
            {
                var (exitCode, output) = await ApiProcess.RunAsync(connectionString, "rates", "import", EcbFile);
                Assert.That(exitCode, Is.Zero, output);
                Assert.That(output, Does.Contain($"Stored {RatesInFile} shared rates"), run);
            }

            await using (var db = TestDatabase.Inspect(connectionString))
            {
                Assert.That(await db.SharedRates.CountAsync(), Is.EqualTo(RatesInFile), "importing the same file twice stores nothing new");
                var usd = await db.SharedRates.SingleAsync(r => r.Quote == "USD" && r.Day == new DateOnly(2026, 11, 5));
                Assert.That((usd.Base, usd.Rate), Is.EqualTo(("EUR", 1.1010m)));
                Assert.That(await db.SharedRates.AnyAsync(r => r.Quote == "USD" && r.Day == new DateOnly(2026, 11, 4)), Is.False, "N/A is no rate");
            }

            await using var factory = new CashmanApiFactory(TestDatabase.ForApi(connectionString));
            using var client = factory.CreateClient();
            await AsEuroUserAsync(client);
            using var dollars = await client.PostAsJsonAsync("/accounts", new { name = "Dollars", currency = "USD" });
            var usdAccount = (string?)(await dollars.Content.ReadFromJsonAsync<JsonObject>())!["id"];
            using var own = await client.PutAsJsonAsync("/rates", new { rates = new[] { new { date = "2026-11-03", @base = "EUR", quote = "USD", rate = 1.25m } } });
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), await own.Content.ReadAsStringAsync());

            // 125 USD on the 3rd at the user's own 1.25 (not the shared 1.1000) and 110.10 USD on the 5th at the shared 1.1010.
            foreach (var (amount, day) in new[] { (125m, "2026-11-03"), (110.10m, "2026-11-05") })
            {
                using var income = await client.PostAsJsonAsync("/incomes", new { description = "pay", amount, accountId = usdAccount, occurredOn = day });
                Assert.That(income.StatusCode, Is.EqualTo(HttpStatusCode.Created), await income.Content.ReadAsStringAsync());
            }

            var balance = (await client.GetFromJsonAsync<JsonObject>("/balance"))!;
            Assert.That((balance["totalIncome"]!.ToJsonString(), (bool)balance["complete"]!), Is.EqualTo(("200.00", true)));
            var listed = (await client.GetFromJsonAsync<JsonObject>("/rates?base=EUR&quote=USD&from=2026-11-03&to=2026-11-05"))!["items"]!.AsArray();
            Assert.That(listed.Select(r => ((string?)r!["date"], (string?)r["source"])), Is.SupersetOf(new[] { ("2026-11-03", "user"), ("2026-11-05", "shared") }));
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(connectionString);
        }
    }

    [Test]
    public async Task AMissingFileExitsOneWithOneLineAndAWrongCommandLineTwo()
    {
        var (missing, missingOutput) = await ApiProcess.RunAsync(TestDatabase.InspectionConnectionString, "rates", "import", "/nowhere/eurofxref-hist.csv");
        Assert.That(missing, Is.EqualTo(1), missingOutput);
        Assert.That(missingOutput.Trim(), Does.StartWith("cashman: cannot import the rates:").And.Not.Contain(" at "));

        var (usage, usageOutput) = await ApiProcess.RunAsync(TestDatabase.InspectionConnectionString, "rates", "load");
        Assert.That(usage, Is.EqualTo(2), usageOutput);
        Assert.That(usageOutput, Does.Contain("usage: dotnet Cashman.Api.dll rates import FILE"));
    }

    private static async Task AsEuroUserAsync(HttpClient client)
    {
        var credentials = new { email = $"rates-{Guid.NewGuid():N}@example.com", password = "rates-password-1", baseCurrency = "EUR" };
        using var registered = await client.PostAsJsonAsync("/auth/register", credentials);
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        using var login = await client.PostAsJsonAsync("/auth/login", new { credentials.email, credentials.password });
        var token = (string?)(await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
