using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Imports;

/// <summary>
/// SPEC "Sync, bulk, import and export": OFX (1.x SGML and 2.x XML) and ISO 20022 CAMT.053 statements, written from the
/// specifications' own examples under <c>Data/Statements</c>: ids become external ids, the currency must be the account's,
/// and a statement that names its account goes to the account with that number.
/// </summary>
public sealed class StatementImportTests : IntegrationTest
{
    private const string Ofx = "application/x-ofx";
    private const string Xml = "application/xml";

    [TestCase("bank-1.ofx", Ofx, "USD", "999988", new[] { "-200.00", "-300.00", "700.29" }, new[] { "00002", "00003", "00004" }, "200.29")]
    [TestCase("card-2.ofx", Ofx, "GBP", "4000123412341234", new[] { "-42.50", "-9.99", "300.00" }, new[] { "CC-20260302-001", "CC-20260303-001", "CC-20260304-001" }, "247.51")]
    [TestCase("camt053-v02.xml", Xml, "EUR", "DE58 7406 1813 0100 0336 26", new[] { "2500.00", "-210.25" }, new[] { "2026030200001", "NTRY-7788" }, "2289.75")]
    [TestCase("camt053-v08.xml", Xml, "CHF", "CH9300762011623852957", new[] { "-1850.00", "6200.00" }, new[] { "CH-20260301-0001", "PAYROLL-0326" }, "4350.00")]
    public async Task AStatementGoesToTheAccountWithItsNumberWithItsIdsAsExternalIdsAndOnlyOnce(
        string file, string mediaType, string currency, string number, string[] amounts, string[] ids, string balance)
    {
        (await Client.PostAsJsonAsync("/accounts", new { name = "Other", currency })).Dispose();
        using var created = await Client.PostAsJsonAsync("/accounts", new { name = "Statement", currency, number });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var accountId = (string)(await ReadObjectAsync(created))["id"]!;

        var answer = await ImportFileAsync(file, mediaType, "?dryRun=true");
        var stored = answer["rows"]!.AsArray().Where(r => (string?)r!["status"] == "created").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Select(r => r!["amount"]!.ToJsonString()), Is.EqualTo(amounts), answer.ToJsonString());
            Assert.That(stored.Select(r => (string?)r!["currency"]), Has.All.EqualTo(currency));
        }

        Assert.That((int)(await ImportFileAsync(file, mediaType))["created"]!, Is.EqualTo(amounts.Length));
        var transactions = (await ReadObjectAsync(await Client.GetAsync($"/transactions?accountId={accountId}&sort=occurredOn")))["items"]!.AsArray();
        Assert.That(transactions.Select(t => (string?)t!["externalId"]), Is.EquivalentTo(ids));
        var account = await ReadObjectAsync(await Client.GetAsync($"/accounts/{accountId}"));
        Assert.That(account["balance"]!.ToJsonString(), Is.EqualTo(balance));

        var again = await ImportFileAsync(file, mediaType);
        Assert.That(((int)again["created"]!, (int)again["duplicates"]!), Is.EqualTo((0, amounts.Length)));
    }

    [Test]
    public async Task OfxRowsAreDescribedByNameAndMemoOrTheirCheckOrTypeInTheHeadersCharset()
    {
        await CreateNumberedAccountAsync("USD", "999988");
        var rows = (await ImportFileAsync("bank-1.ofx", Ofx, "?dryRun=true"))["rows"]!.AsArray();
        Assert.That(rows.Select(r => ((string?)r!["description"], (string?)r["occurredOn"], (int)r["line"]!)), Is.EqualTo(new[]
        {
            ("Check 1000", "2026-01-04", 39),
            ("ATM", "2026-01-12", 46),
            ("Caf\u00e9 & Co \u2013 Refund", "2026-01-15", 53),
        }));
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.Zero, "a dry run stores nothing");
    }

    [Test]
    public async Task CamtEntriesAreDescribedByTheirCounterpartyAndRemittanceAndPendingOrZeroOnesAreSkipped()
    {
        await CreateNumberedAccountAsync("EUR", "DE58740618130100033626");
        var answer = await ImportFileAsync("camt053-v02.xml", Xml, "?dryRun=true");
        var rows = answer["rows"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => (string?)r!["status"]), Is.EqualTo(new[] { "created", "created", "skipped", "skipped" }));
            Assert.That(rows.Take(2).Select(r => (string?)r!["description"]), Is.EqualTo(new[] { "ACME GmbH \u2013 Gehalt M\u00e4rz 2026", "Stadtwerke Musterstadt \u2013 Abschlag M\u00e4rz Vertrag 4711" }));
            Assert.That((string?)rows[2]!["reason"], Does.StartWith("Pending"));
            Assert.That((string?)rows[3]!["reason"], Does.Contain("zero"));
        }
    }

    [Test]
    public async Task AStatementIsInTheGivenAccountWhenAccountIdIsSentAndThatAccountHasNoOtherNumber()
    {
        using var created = await Client.PostAsJsonAsync("/accounts", new { name = "No number", currency = "CHF" });
        var accountId = (string)(await ReadObjectAsync(created))["id"]!;
        var answer = await ImportFileAsync("camt053-v08.xml", Xml, $"?accountId={accountId}");
        Assert.That((int)answer["created"]!, Is.EqualTo(2));

        using var numbered = await Client.PostAsJsonAsync("/accounts", new { name = "Numbered", currency = "CHF", number = "CH5604835012345678009" });
        var numberedId = (string)(await ReadObjectAsync(numbered))["id"]!;
        using var wrong = await PostFileAsync(File("camt053-v08.xml"), Xml, $"?accountId={numberedId}");
        await AssertValidationProblemAsync(wrong, "accountId");
    }

    [Test]
    public async Task AStatementForNoneOfYourAccountNumbersIsA400NamingAccountId()
    {
        await CreateNumberedAccountAsync("USD", "111111");
        using var response = await PostFileAsync(File("bank-1.ofx"), Ofx);
        await AssertValidationProblemAsync(response, "accountId");
    }

    [TestCase("bank-1.ofx", Ofx, "999988")]
    [TestCase("camt053-v02.xml", Xml, "DE58740618130100033626")]
    public async Task AStatementInAnotherCurrencyThanItsAccountIsA400(string file, string mediaType, string number)
    {
        await CreateNumberedAccountAsync("JPY", number);
        using var response = await PostFileAsync(File(file), mediaType);
        await AssertValidationProblemAsync(response, "currency");
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task AnEntryInAnotherCurrencyThanTheStatementsIsA400ForItsLine()
    {
        await CreateNumberedAccountAsync("CHF", "CH9300762011623852957");
        var file = Encoding.UTF8.GetString(File("camt053-v08.xml")).Replace("<Amt Ccy=\"CHF\">6200.00</Amt>", "<Amt Ccy=\"EUR\">6200.00</Amt>", StringComparison.Ordinal);
        using var response = await PostFileAsync(Encoding.UTF8.GetBytes(file), Xml);
        await AssertValidationProblemAsync(response, "lines[28].currency");
    }

    [TestCase("bank-1.ofx", Ofx, "999988", "<FITID>00003", "<FITID>00002", "lines[46].externalId")]
    [TestCase("camt053-v08.xml", Xml, "CH9300762011623852957", "<EndToEndId>PAYROLL-0326</EndToEndId>", "<EndToEndId>CH-20260301-0001</EndToEndId>", "lines[28].externalId")]
    public async Task AnIdTwiceInOneStatementIsA400ForTheSecondRow(string file, string mediaType, string number, string from, string to, string field)
    {
        await CreateNumberedAccountAsync(mediaType == Ofx ? "USD" : "CHF", number);
        var text = Encoding.Latin1.GetString(File(file)).Replace(from, to, StringComparison.Ordinal);
        using var response = await PostFileAsync(Encoding.Latin1.GetBytes(text), mediaType);
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task AnEntryWithoutAnAmountOrADayIsA400ForItsLineAndALongDescriptionIsCutToFit()
    {
        await CreateNumberedAccountAsync("USD", "999988");
        var text = Encoding.Latin1.GetString(File("bank-1.ofx"));
        var longName = new string('x', 250);
        var broken = text.Replace("<TRNAMT>-200.00", "<TRNAMT>abc", StringComparison.Ordinal).Replace("<DTPOSTED>20260112", "<DTPOSTED>2026", StringComparison.Ordinal);
        using var response = await PostFileAsync(Encoding.Latin1.GetBytes(broken), Ofx);
        var problem = await AssertValidationProblemAsync(response, "lines[39].amount");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("lines[46].occurredOn"));

        var named = text.Replace("<NAME>Caf\u00e9 &amp; Co", "<NAME>" + longName, StringComparison.Ordinal);
        var row = (await ReadObjectAsync(await PostFileAsync(Encoding.Latin1.GetBytes(named), Ofx, "?dryRun=true")))["rows"]![2]!;
        Assert.That((string?)row["description"], Has.Length.EqualTo(200).And.EndsWith("\u2026"));
    }

    [Test]
    public async Task ACamtEntryWithoutItsCreditOrDebitIndicatorIsA400ForItsLine()
    {
        await CreateNumberedAccountAsync("CHF", "CH9300762011623852957");
        var file = Encoding.UTF8.GetString(File("camt053-v08.xml")).Replace("<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>RVSL</CdtDbtInd>", StringComparison.Ordinal);
        using var response = await PostFileAsync(Encoding.UTF8.GetBytes(file), Xml);
        await AssertValidationProblemAsync(response, "lines[28].amount");
    }

    [TestCase("OFXHEADER:100\r\n\r\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</STMTTRNRS>", Ofx)]
    [TestCase("OFXHEADER:100\r\n\r\n<OFX>\r\n</BANKMSGSRSV1>", Ofx)]
    [TestCase("OFXHEADER:100\r\nno body", Ofx)]
    [TestCase("Date,Amount\n2026-03-01,5\n", Ofx)]
    [TestCase("<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>", Ofx)]
    [TestCase("<?xml version=\"1.0\"?><OFX><CCSTMTRS>", Ofx)]
    [TestCase("", Ofx)]
    [TestCase("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt>", Xml)]
    [TestCase("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.02\"><BkToCstmrRpt/></Document>", Xml)]
    [TestCase("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt/></Document>", Xml)]
    [TestCase("<html><body>not a statement</body></html>", Xml)]
    [TestCase("", Xml)]
    [TestCase("\u00ff\u00fe<", Xml)]
    public async Task AMalformedOrForeignFileIsA400NamingTheBody(string body, string mediaType)
    {
        using var response = await PostFileAsync(Encoding.Latin1.GetBytes(body), mediaType);
        await AssertValidationProblemAsync(response, "body");
    }

    [Test]
    public async Task ADocumentTypeDeclarationIsRefusedSoNoEntityIsEverResolved()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"cashman-xxe-{Guid.NewGuid():N}.txt");
        await System.IO.File.WriteAllTextAsync(secret, "TOP-SECRET");
        try
        {
            await CreateNumberedAccountAsync("CHF", "CH9300762011623852957");
            var file = Encoding.UTF8.GetString(File("camt053-v08.xml"))
                .Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", $"<?xml version=\"1.0\"?><!DOCTYPE Document [<!ENTITY x SYSTEM \"file://{secret}\">]>", StringComparison.Ordinal)
                .Replace("Miete M\u00e4rz", "&x;", StringComparison.Ordinal);
            using var response = await PostFileAsync(Encoding.UTF8.GetBytes(file), Xml, "?dryRun=true");
            var problem = await AssertValidationProblemAsync(response, "body");
            Assert.That(problem.ToJsonString(), Does.Not.Contain("TOP-SECRET"));
        }
        finally
        {
            System.IO.File.Delete(secret);
        }
    }

    [TestCase(Ofx)]
    [TestCase(Xml)]
    public async Task AStatementOverTenMebibytesIsA413(string mediaType)
    {
        using var response = await PostFileAsync(new byte[(10 * 1024 * 1024) + 1], mediaType);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task AStatementWithoutAnAccountNumberGoesToTheDefaultAccount()
    {
        var text = Encoding.UTF8.GetString(File("card-2.ofx")).Replace("<CCACCTFROM><ACCTID>4000123412341234</ACCTID></CCACCTFROM>", string.Empty, StringComparison.Ordinal);
        using (var settings = await Client.PutAsJsonAsync("/settings", new { baseCurrency = "GBP" }))
        {
            Assert.That(settings.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var main = await Client.PostAsJsonAsync("/accounts", new { name = "Card", currency = "GBP" });
        var id = (string)(await ReadObjectAsync(main))["id"]!;
        (await Client.PutAsJsonAsync("/settings", new { baseCurrency = "GBP", defaultAccountId = id })).Dispose();
        using var response = await PostFileAsync(Encoding.UTF8.GetBytes(text), Ofx);
        var answer = await ReadObjectAsync(response);
        Assert.That((int)answer["created"]!, Is.EqualTo(3), answer.ToJsonString());
        Assert.That((await ReadObjectAsync(await Client.GetAsync($"/accounts/{id}")))["balance"]!.ToJsonString(), Is.EqualTo("247.51"));
    }

    private static byte[] File(string name) =>
        System.IO.File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Statements", name));

    private async Task CreateNumberedAccountAsync(string currency, string number)
    {
        using var created = await Client.PostAsJsonAsync("/accounts", new { name = $"Account {number}", currency, number });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> ImportFileAsync(string file, string mediaType, string query = "")
    {
        using var response = await PostFileAsync(File(file), mediaType, query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private Task<HttpResponseMessage> PostFileAsync(byte[] body, string mediaType, string query = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return Client.PostAsync("/imports" + query, content);
    }
}
