using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Imports;

/// <summary>
/// Every built-in profile imports its sample file (written in exactly the bank's layout and charset, under
/// <c>Data/Banks</c>) exactly: the rows, each amount's sign, the balance; and importing it again creates nothing.
/// </summary>
public sealed class BankProfileTests : IntegrationTest
{
    /// <summary>Each bank's sample: its currency, rows created and skipped, the signs of the created rows in file order, and what they add up to.</summary>
    private static readonly object[][] Samples =
    [
        ["asn", "EUR", 2, 0, "-+", "1464.50"],
        ["boursobank", "EUR", 3, 0, "-+-", "1611.25"],
        ["capital-one", "USD", 3, 0, "-+-", "430.28"],
        ["chase", "USD", 3, 0, "-+-", "2294.25"],
        ["commbank", "AUD", 2, 1, "-+", "1987.50"],
        ["commerzbank", "EUR", 2, 1, "-+", "3065.00"],
        ["dkb", "EUR", 2, 1, "-+", "2411.01"],
        ["ing-de", "EUR", 3, 0, "--+", "1234.56"],
        ["ing-nl", "EUR", 3, 0, "-+-", "-1023.45"],
        ["knab", "EUR", 2, 0, "-+", "2755.00"],
        ["lloyds", "GBP", 3, 0, "--+", "1444.50"],
        ["monzo", "GBP", 3, 0, "+--", "1990.75"],
        ["n26", "EUR", 3, 0, "+--", "2750.33"],
        ["rabobank", "EUR", 2, 0, "+-", "2457.90"],
        ["revolut", "EUR", 2, 2, "+-", "489.01"],
        ["schwab", "USD", 2, 1, "-+", "3750.00"],
        ["sparkasse", "EUR", 2, 1, "-+", "2720.10"],
        ["starling", "GBP", 2, 1, "+-", "1775.40"],
        ["swedbank", "SEK", 2, 0, "-+", "24657.50"],
        ["ubs", "CHF", 3, 0, "--+", "-586.06"],
        ["wells-fargo", "USD", 3, 0, "--+", "1954.88"],
    ];

    [TestCaseSource(nameof(Samples))]
    public async Task EachBuiltInProfileImportsItsBanksSampleExactlyAndASecondTimeCreatesNothing(
        string profile, string currency, int created, int skipped, string signs, string balance)
    {
        using var account = await Client.PostAsJsonAsync("/accounts", new { name = profile, currency });
        var accountId = (string)(await ReadObjectAsync(account))["id"]!;
        var described = await ReadObjectAsync(await Client.GetAsync($"/imports/profiles/{profile}"));
        var file = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Banks", profile + ".csv"));

        var preview = await ImportFileAsync(file, (string)described["charset"]!, $"?profile={profile}&accountId={accountId}&dryRun=true");
        var rows = preview["rows"]!.AsArray();
        var stored = rows.Where(r => (string?)r!["status"] == "created").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((int)preview["created"]!, (int)preview["skipped"]!, (int)preview["invalid"]!), Is.EqualTo((created, skipped, 0)), preview.ToJsonString());
            Assert.That(string.Concat(stored.Select(r => (decimal)r!["amount"]! < 0 ? '-' : '+')), Is.EqualTo(signs));
            Assert.That(stored.Select(r => (string?)r!["type"]), Is.EqualTo(stored.Select(r => (decimal)r!["amount"]! < 0 ? "expense" : "income")));
            Assert.That(stored.Select(r => (string?)r!["currency"]), Has.All.EqualTo(currency));
            Assert.That(rows.Where(r => (string?)r!["status"] == "skipped").Select(r => (string?)r!["reason"]), Has.All.Not.Empty);
        }

        var first = await ImportFileAsync(file, (string)described["charset"]!, $"?profile={profile}&accountId={accountId}");
        Assert.That(((int)first["created"]!, (int)first["skipped"]!), Is.EqualTo((created, skipped)));
        Assert.That(first["rows"]!.AsArray().Select(r => r!["line"]!.ToJsonString()), Is.EqualTo(rows.Select(r => r!["line"]!.ToJsonString())), "the preview was the import");

        var after = await ReadObjectAsync(await Client.GetAsync($"/accounts/{accountId}"));
        Assert.That(after["balance"]!.ToJsonString().TrimEnd('0').TrimEnd('.'), Is.EqualTo(balance.TrimEnd('0').TrimEnd('.')), "the account's balance is the sample's total");

        var second = await ImportFileAsync(file, (string)described["charset"]!, $"?profile={profile}&accountId={accountId}");
        Assert.That(((int)second["created"]!, (int)second["duplicates"]!), Is.EqualTo((0, created)), second.ToJsonString());
    }

    [Test]
    public async Task TheBuiltInProfilesCoverAtLeastTenBanksInFiveCountriesEachWithItsSourceAndSample()
    {
        var items = (await ReadObjectAsync(await Client.GetAsync("/imports/profiles")))["items"]!.AsArray().Where(p => (bool)p!["builtIn"]!).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(items, Has.Count.GreaterThanOrEqualTo(10));
            Assert.That(items.Select(p => (string?)p!["country"]).Distinct().Count(), Is.GreaterThanOrEqualTo(5));
            Assert.That(items.Select(p => (string?)p!["source"]), Has.All.Not.Empty);
            Assert.That(items.Select(p => (string?)p!["name"]), Is.EquivalentTo(Samples.Select(s => (string)s[0])), "each has a sample and a test");
        }
    }

    [Test]
    public async Task ADescriptionInTheBanksCharsetArrivesAsWritten()
    {
        using var account = await Client.PostAsJsonAsync("/accounts", new { name = "ING", currency = "EUR" });
        var accountId = (string)(await ReadObjectAsync(account))["id"]!;
        var file = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Banks", "ing-de.csv"));
        var answer = await ImportFileAsync(file, "iso-8859-1", $"?profile=ing-de&accountId={accountId}&dryRun=true");
        Assert.That((string?)answer["rows"]![0]!["description"], Is.EqualTo("B\u00e4ckerei M\u00fcller"));

        using var asUtf8 = new ByteArrayContent(file);
        asUtf8.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        using var refused = await Client.PostAsync($"/imports?profile=ing-de&accountId={accountId}", asUtf8);
        await AssertValidationProblemAsync(refused, "body");
    }

    private async Task<JsonObject> ImportFileAsync(byte[] file, string charset, string query)
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"text/csv; charset={charset}");
        using var response = await Client.PostAsync("/imports" + query, content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }
}
