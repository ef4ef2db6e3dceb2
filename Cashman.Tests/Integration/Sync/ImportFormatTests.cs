using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Sync;

/// <summary>
/// SPEC "Sync, bulk, import and export": bank files as they really come (empty and repeated header names, grouping
/// separators, date formats), exact amounts, external ids kept exactly, and the export's protection against formulas.
/// </summary>
public sealed class ImportFormatTests : IntegrationTest
{
    [TestCase("Datum;Text;Betrag;;\n01.03.2026;Gehalt;2.500,00;;\n", "?dateColumn=Datum&descriptionColumn=Text&amountColumn=Betrag&dateFormat=dd.MM.yyyy&decimalSeparator=,&delimiter=;")]
    [TestCase("occurredOn,description,amount,note,note,\n2026-03-01,Gehalt,2500,a,b,\n", "")]
    [TestCase("occurredOn,,description,,amount\n2026-03-01,,Gehalt,,2500\n", "")]
    public async Task EmptyOrRepeatedColumnNamesThatNoMappingUsesAreIgnored(string csv, string query)
    {
        var answer = await ImportAsync(csv, query);
        Assert.That((int)answer["created"]!, Is.EqualTo(1), answer.ToJsonString());
        var salary = await ReadObjectAsync(await Client.GetAsync($"/incomes/{(string)answer["rows"]![0]!["id"]!}"));
        Assert.That(salary["amount"]!.ToJsonString(), Is.EqualTo("2500.00"));
    }

    [TestCase("occurredOn,description,amount,Amount\n2026-03-01,x,1,2\n", "", "amountColumn")]
    [TestCase("Datum;Text;Text;Betrag\n01.03.2026;a;b;1\n", "?dateColumn=Datum&descriptionColumn=text&amountColumn=Betrag&dateFormat=dd.MM.yyyy&delimiter=;", "descriptionColumn")]
    public async Task AMappedNameThatTwoColumnsHaveIsA400NamingTheParameter(string csv, string query, string parameter)
    {
        using var response = await PostCsvAsync(csv, query);
        await AssertValidationProblemAsync(response, parameter);
    }

    [TestCase("%25")]
    [TestCase("z")]
    [TestCase("K")]
    [TestCase("%5C")]
    [TestCase("'")]
    [TestCase("yyyy")]
    [TestCase("HH:mm")]
    [TestCase("%20")]
    [TestCase("")]
    public async Task ADateFormatThatCannotReadADayIsA400NamingIt(string format)
    {
        using var response = await PostCsvAsync("occurredOn,description,amount\n2026-03-01,x,1\n", $"?dateFormat={format}");
        await AssertValidationProblemAsync(response, "dateFormat");
    }

    [TestCase("delimiter=%09", "delimiter")]
    [TestCase("delimiter=", "delimiter")]
    [TestCase("delimiter=%20", "delimiter")]
    [TestCase("decimalSeparator=", "decimalSeparator")]
    [TestCase("amountColumn=", "amountColumn")]
    public async Task AnEmptyOrBlankFormatParameterIsA400NotTheDefault(string query, string parameter)
    {
        using var response = await PostCsvAsync("occurredOn,description,amount\n2026-03-01,x,1\n", "?" + query);
        await AssertValidationProblemAsync(response, parameter);
    }

    [TestCase("\"1,50\"", "")]
    [TestCase("\"1,5\"", "")]
    [TestCase("\"1,5,0\"", "")]
    [TestCase("\"12,34.50\"", "")]
    [TestCase("1.50", "?decimalSeparator=,")]
    [TestCase("1.5", "?decimalSeparator=,")]
    [TestCase("0.0099999999999999999999999999999", "")]
    [TestCase("0.005", "")]
    [TestCase("1e3", "")]
    [TestCase("١٢", "")]
    [TestCase("-", "")]
    public async Task AnAmountThatIsNotExactlyANumberInTheFilesFormatIsA400ForItsLine(string amount, string query)
    {
        using var response = await PostCsvAsync($"occurredOn,description,amount\n2026-03-01,Fine,1\n2026-03-02,Bad,{amount}\n", query);
        var problem = await AssertValidationProblemAsync(response, "lines[3].amount");
        Assert.That((int)problem["invalid"]!, Is.EqualTo(1));
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.Zero);
    }

    [TestCase("\"1,234.50\"", "", "1234.50")]
    [TestCase("\"1,234,567\"", "", "1234567.00")]
    [TestCase("\"2.500,00\"", "?decimalSeparator=,", "2500.00")]
    [TestCase("\"1,5\"", "?decimalSeparator=,", "1.50")]
    [TestCase(".5", "", "0.50")]
    [TestCase("+7", "", "7.00")]
    [TestCase("5.000", "", "5.00")]
    public async Task GroupingSeparatorsAreAcceptedBetweenGroupsOfThreeDigits(string amount, string query, string stored)
    {
        var answer = await ImportAsync($"occurredOn,description,amount\n2026-03-01,Fine,{amount}\n", query);
        var row = await ReadObjectAsync(await Client.GetAsync($"/incomes/{(string)answer["rows"]![0]!["id"]!}"));
        Assert.That(row["amount"]!.ToJsonString(), Is.EqualTo(stored));
    }

    [Test]
    public async Task AnExternalIdIsKeptExactlyAsSentAndTheRoundTripCreatesNothing()
    {
        var posted = await CreateAsync("expenses", new { description = "posted", amount = 1, externalId = " lead" });
        var answer = await ImportAsync("occurredOn,description,amount,externalId\n2026-03-01,imported,-2,\" trail \"\n2026-03-01,unquoted,-3, both \n");
        var ids = answer["rows"]!.AsArray().Select(r => (string)r!["id"]!).ToList();
        var quoted = await ReadObjectAsync(await Client.GetAsync($"/expenses/{ids[0]}"));
        var unquoted = await ReadObjectAsync(await Client.GetAsync($"/expenses/{ids[1]}"));
        Assert.That(((string?)quoted["externalId"], (string?)unquoted["externalId"], posted.ExternalId), Is.EqualTo((" trail ", " both ", " lead")));

        using var export = await Client.GetAsync("/transactions/export");
        var again = await ImportAsync(await export.Content.ReadAsStringAsync());
        Assert.That(((int)again["created"]!, (int)again["duplicates"]!), Is.EqualTo((0, 3)), again.ToJsonString());
    }

    [Test]
    public async Task TextThatASpreadsheetWouldRunIsExportedBehindAQuoteAndImportedBackExactly()
    {
        string[] descriptions = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1 refund", "-5 discount", "@SUM(A1)", "'=already quoted", "'plain quote", "safe"];
        foreach (var (description, i) in descriptions.Select((d, i) => (d, i)))
        {
            await CreateAsync("expenses", new { description, amount = 1 + i, category = i == 0 ? "=cmd" : null, externalId = i == 0 ? "-ext" : null });
        }

        using var export = await Client.GetAsync("/transactions/export");
        var csv = await export.Content.ReadAsStringAsync();
        var cells = csv.Split('\n').Skip(1).Where(l => l.Length > 0).SelectMany(l => l.Split(',')).ToList();
        Assert.That(cells.Where(c => c.TrimStart('"').Length > 0 && "=+@\t\r".Contains(c.TrimStart('"')[0], StringComparison.Ordinal)), Is.Empty, csv);
        Assert.That(csv, Does.Contain("'=HYPERLINK").And.Contain("'+1 refund").And.Contain("'-5 discount").And.Contain("'@SUM").And.Contain("'=cmd").And.Contain("'-ext"));
        Assert.That(csv, Does.Contain("''=already quoted").And.Contain(",'plain quote,"));
        Assert.That(csv, Does.Contain(",-1.00,"), "amounts are numbers, never prefixed");

        var other = ClientWithToken((await RegisterAndLoginAsync(Email("copy"))).AccessToken);
        using var imported = await PostCsvAsync(csv, client: other);
        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());
        using var copy = await other.GetAsync("/transactions/export?format=json");
        var rows = JsonNode.Parse(await copy.Content.ReadAsStringAsync())!.AsArray();
        Assert.That(rows.Select(r => (string)r!["description"]!), Is.EquivalentTo(descriptions));
        Assert.That(rows.Select(r => (string?)r!["category"]).OfType<string>(), Is.EqualTo(new[] { "=cmd" }));
        Assert.That(rows.Select(r => (string?)r!["externalId"]).Where(e => e is not null && !e.StartsWith("csv:", StringComparison.Ordinal)), Is.EqualTo(new[] { "-ext" }));
    }

    [Test]
    public async Task AQuoteInABankFileIsKeptBecauseOnlyCashmansExportIsProtected()
    {
        var answer = await ImportAsync("Date,Payee,Amount\n2026-03-01,'=not a formula,-1\n", "?dateColumn=Date&descriptionColumn=Payee&amountColumn=Amount");
        var row = await ReadObjectAsync(await Client.GetAsync($"/expenses/{(string)answer["rows"]![0]!["id"]!}"));
        Assert.That((string?)row["description"], Is.EqualTo("'=not a formula"));
    }

    [Test]
    public async Task AnImportWithoutAContentTypeIsA415AndAQuotedUtf8CharsetIsTaken()
    {
        using var untyped = new ByteArrayContent(Encoding.UTF8.GetBytes("occurredOn,description,amount\n2026-03-01,x,1\n"));
        using var none = await Client.PostAsync("/imports", untyped);
        var problem = await AssertProblemAsync(none, HttpStatusCode.UnsupportedMediaType);
        Assert.That((string?)problem["detail"], Does.Contain("text/csv").And.Not.Contain("JSON"));

        using var quoted = new StringContent("occurredOn,description,amount\n2026-03-01,x,1\n", Encoding.UTF8);
        quoted.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=\"utf-8\"");
        using var taken = await Client.PostAsync("/imports", quoted);
        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.OK), await taken.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task TooLargeBodiesNameTheirEndpointsOwnLimit()
    {
        using var import = await PostCsvAsync("occurredOn,description,amount\n" + new string('x', (10 * 1024 * 1024) + 1));
        Assert.That((string?)(await AssertProblemAsync(import, HttpStatusCode.RequestEntityTooLarge))["detail"], Does.Contain("10 MiB"));
        using var batch = await Client.PostAsync("/transactions/batch", JsonBody("{\"items\":[\"" + new string('x', (1024 * 1024) + 1) + "\"]}"));
        Assert.That((string?)(await AssertProblemAsync(batch, HttpStatusCode.RequestEntityTooLarge))["detail"], Does.Contain("1 MiB"));
        using var single = await Client.PostAsync("/expenses", JsonBody("{\"description\":\"" + new string('x', (64 * 1024) + 1) + "\"}"));
        Assert.That((string?)(await AssertProblemAsync(single, HttpStatusCode.RequestEntityTooLarge))["detail"], Does.Contain("64 KiB"));
        using var json = await Client.PostAsync("/imports", JsonBody("{}"));
        Assert.That((string?)(await AssertProblemAsync(json, HttpStatusCode.UnsupportedMediaType))["detail"], Does.Contain("text/csv"));
    }

    [Test]
    public async Task ALargeFileIsReadAsItStreamsAndEveryRowIsStored()
    {
        var file = new StringBuilder("occurredOn,description,amount\n");
        for (var i = 0; i < 20_000; i++)
        {
            file.Append("2026-03-").Append(1 + (i % 28)).Append(",Row ").Append(i).Append(",-").Append(1 + (i % 50)).Append('\n');
        }

        var answer = await ImportAsync(file.ToString(), "?dateFormat=yyyy-MM-d");
        Assert.That((int)answer["created"]!, Is.EqualTo(20_000));
        using var response = await Client.GetAsync("/balance");
        var balance = await ReadObjectAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), balance.ToJsonString());
        Assert.That((int)balance["expenseCount"]!, Is.EqualTo(20_000));
    }

    [Test]
    public async Task AnInvalidLineAfterThousandsOfWrittenRowsStoresNothingAndLeavesTheTotalsAlone()
    {
        await CreateAsync("expenses", new { description = "before", amount = 1 });
        var before = (await ReadObjectAsync(await Client.GetAsync("/balance"))).ToJsonString();
        var file = new StringBuilder("occurredOn,description,amount\n");
        for (var i = 0; i < 5_000; i++)
        {
            file.Append("2026-03-01,Row ").Append(i).Append(",-1\n");
        }

        file.Append("2026-03-01,Broken,abc\n");
        using var response = await PostCsvAsync(file.ToString());
        var problem = await AssertValidationProblemAsync(response, "lines[5002].amount");
        Assert.That((int)problem["invalid"]!, Is.EqualTo(1));
        Assert.That((await ReadObjectAsync(await Client.GetAsync("/balance"))).ToJsonString(), Is.EqualTo(before));
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.EqualTo(1));
        using var feed = await Client.GetAsync("/changes");
        Assert.That((await ReadObjectAsync(feed))["changes"]!.AsArray(), Has.Count.EqualTo(1), "the feed numbers nothing of it");
        Assert.That((await CreateAsync("expenses", new { description = "after", amount = 1 })).Description, Is.EqualTo("after"), "the owner is not left locked");
    }

    [Test]
    public async Task ExternalIdsAreCheckedAcrossTheWholeFileNotOnlyWithinAChunkOfIt()
    {
        var stored = await CreateAsync("expenses", new { description = "stored", amount = 1, externalId = "late-known" });
        var file = new StringBuilder("occurredOn,description,amount,externalId\n");
        for (var i = 0; i < 4_500; i++)
        {
            var externalId = i switch { 4_400 => "id-10", 4_450 => "late-known", _ => $"id-{i}" };
            file.Append("2026-03-01,Row ").Append(i).Append(",-1,").Append(externalId).Append('\n');
        }

        var answer = await ImportAsync(file.ToString());
        var rows = answer["rows"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((int)answer["created"]!, (int)answer["duplicates"]!), Is.EqualTo((4_498, 2)));
            Assert.That((string?)rows[4_400]!["status"], Is.EqualTo("duplicate"));
            Assert.That((string?)rows[4_400]!["id"], Is.EqualTo((string?)rows[10]!["id"]), "a repeat of a row thousands of lines earlier names it");
            Assert.That((Guid?)rows[4_450]!["id"], Is.EqualTo(stored.Id));
            Assert.That(rows.Select(r => (int)r!["line"]!), Is.EqualTo(Enumerable.Range(2, 4_500)));
        }

        var balance = await ReadObjectAsync(await Client.GetAsync("/balance"));
        Assert.That((int)balance["expenseCount"]!, Is.EqualTo(4_499));
    }

    [Test]
    public async Task TheSampleBankStatementOfTheReadmeImportsAsItSays()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "samples", "bank-statement-de.csv")))
        {
            folder = folder.Parent;
        }

        Assert.That(folder, Is.Not.Null, "samples/bank-statement-de.csv ships in the repository");
        var file = await File.ReadAllTextAsync(Path.Combine(folder!.FullName, "samples", "bank-statement-de.csv"));
        var answer = await ImportAsync(file, "?dateColumn=Buchungstag&descriptionColumn=Verwendungszweck&amountColumn=Betrag&externalIdColumn=Referenz&dateFormat=dd.MM.yyyy&decimalSeparator=,&delimiter=;");
        Assert.That((int)answer["created"]!, Is.EqualTo(4));
        var balance = await ReadObjectAsync(await Client.GetAsync("/balance"));
        Assert.That(balance["balance"]!.ToJsonString(), Is.EqualTo("1304.33"));
    }
}
