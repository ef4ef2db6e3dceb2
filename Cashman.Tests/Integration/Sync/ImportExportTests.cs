using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cashman.Api.Http;
using Cashman.Api.Sync;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Sync;

/// <summary>SPEC "Sync, bulk, import and export": <c>POST /imports</c> and <c>GET /transactions/export</c>.</summary>
public sealed class ImportExportTests : IntegrationTest
{
    [Test]
    public async Task AGermanBankStatementImportsWithItsOwnColumnsAndFormats()
    {
        const string statement = "\uFEFFBuchungstag;Verwendungszweck;Betrag;Referenz\r\n"
            + "01.03.2026;Gehalt März;2.500,00;REF-1\r\n"
            + "02.03.2026;\"Bäckerei; Kaffee\";-3,50;REF-2\r\n";
        var answer = await ImportAsync(statement, "?dateColumn=Buchungstag&descriptionColumn=Verwendungszweck&amountColumn=Betrag&externalIdColumn=Referenz&dateFormat=dd.MM.yyyy&decimalSeparator=,&delimiter=;");
        Assert.That((int)answer["created"]!, Is.EqualTo(2), answer.ToJsonString());
        var rows = answer["rows"]!.AsArray();
        Assert.That(rows.Select(r => (int)r!["line"]!), Is.EqualTo(new[] { 2, 3 }));
        var coffee = await ReadObjectAsync(await Client.GetAsync($"/expenses/{(string)rows[1]!["id"]!}"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)coffee["description"], Is.EqualTo("Bäckerei; Kaffee"));
            Assert.That(coffee["amount"]!.ToJsonString(), Is.EqualTo("-3.50"));
            Assert.That((string?)coffee["occurredOn"], Is.EqualTo("2026-03-02"));
            Assert.That((string?)coffee["externalId"], Is.EqualTo("REF-2"));
        }

        var salary = await ReadObjectAsync(await Client.GetAsync($"/incomes/{(string)rows[0]!["id"]!}"));
        Assert.That(salary["amount"]!.ToJsonString(), Is.EqualTo("2500.00"));
    }

    [Test]
    public async Task IdenticalRowsOfOneDayAreAllKeptAndTheSameFileTwiceCreatesNothing()
    {
        const string file = "Date,Payee,Amount\n03/15/2026,Coffee,-3.50\n03/15/2026,Coffee,-3.50\n03/16/2026,Coffee,-3.50\n";
        const string query = "?dateColumn=Date&descriptionColumn=Payee&amountColumn=Amount&dateFormat=MM/dd/yyyy";
        var first = await ImportAsync(file, query);
        Assert.That((int)first["created"]!, Is.EqualTo(3));
        var second = await ImportAsync(file, query);
        Assert.That(((int)second["created"]!, (int)second["duplicates"]!), Is.EqualTo((0, 3)));
        var balance = await ReadObjectAsync(await Client.GetAsync("/balance"));
        Assert.That(balance["totalExpenses"]!.ToJsonString(), Is.EqualTo("-10.50"));

        // A later statement that overlaps the first and has one more coffee that day adds only that one.
        var third = await ImportAsync(file + "03/15/2026,Coffee,-3.50\n", query);
        Assert.That(((int)third["created"]!, (int)third["duplicates"]!), Is.EqualTo((1, 3)));
    }

    [Test]
    public async Task ADryRunAnswersWhatWouldHappenAndStoresNothing()
    {
        var answer = await ImportAsync("occurredOn,description,amount\n2026-03-01,Salary,5000\n", "?dryRun=true");
        Assert.That((int)answer["created"]!, Is.EqualTo(1));
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task InvalidRowsAreA400ListingThemByLineAndNothingIsStored()
    {
        using var response = await PostCsvAsync("occurredOn,description,amount\n2026-03-01,Fine,1\n2026-13-01,Bad date,2\n2026-03-02,,abc\n");
        var problem = await AssertValidationProblemAsync(response, "lines[3].occurredOn");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "lines[4].amount" }));
        Assert.That((int)problem["invalid"]!, Is.EqualTo(2));
        Assert.That(problem["rows"]!.AsArray().Select(r => (int)r!["line"]!), Is.EqualTo(new[] { 3, 4 }));
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.Zero);
    }

    [TestCase("description,amount\nx,1\n", "dateColumn")]
    [TestCase("occurredOn,description,amount\n", "body")]
    [TestCase("", "body")]
    [TestCase("occurredOn,description,amount\n2026-03-01,x,1\n", "delimiter", "?delimiter=|")]
    [TestCase("occurredOn,description,amount\n2026-03-01,x,1\n", "categoryColumn", "?categoryColumn=Kategorie")]
    [TestCase("occurredOn,description,amount\n2026-03-01,x,1\n", "dryRun", "?dryRun=maybe")]
    [TestCase("occurredOn,description,amount\n2026-03-01,x,1\n", "limit", "?limit=1")]
    public async Task AFileOrQueryThatCannotBeReadIsA400NamingWhy(string csv, string field, string query = "")
    {
        using var response = await PostCsvAsync(csv, query);
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task AFileThatIsNotUtf8IsA400()
    {
        var latin1 = Encoding.Latin1.GetBytes("occurredOn,description,amount\n2026-03-01,Caf\u00e9,1\n");
        using var content = new ByteArrayContent(latin1);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await Client.PostAsync("/imports", content);
        await AssertValidationProblemAsync(response, "body");
    }

    [TestCase("text/csv; charset=us-ascii")]
    [TestCase("text/csv; charset=koi8-r")]
    [TestCase("text/csv; charset=utf-32")]
    [TestCase("text/csv; charset=shift_jis")]
    [TestCase("text/csv; charset=no-such-charset")]
    [TestCase("text/plain")]
    [TestCase("application/vnd.intu.qfx")]
    public async Task ABodyInAnotherMediaTypeOrCharsetIsA415(string contentType)
    {
        using var content = new StringContent("occurredOn,description,amount\n2026-03-01,x,1\n", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await Client.PostAsync("/imports", content);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task AnythingButCsvIsA415AndOverTenMebibytesIsA413()
    {
        using var json = await Client.PostAsync("/imports", JsonBody("{}"));
        await AssertProblemAsync(json, HttpStatusCode.UnsupportedMediaType);
        using var big = await PostCsvAsync("occurredOn,description,amount\n" + new string('x', (10 * 1024 * 1024) + 1));
        await AssertProblemAsync(big, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task ExportThenImportIntoAnEmptyAccountReproducesEveryTransactionAndTheBalance()
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 5000, occurredOn = "2026-03-01", externalId = "payroll-3" });
        await CreateAsync("incomes", new { description = "Dividends", amount = 200, category = "invest" });
        await CreateAsync("expenses", new { description = "pizza, \"large\"", amount = 50, category = "food" });
        await CreateAsync("expenses", new { description = "Rock Concert", amount = 100.1 });
        await CreateAsync("expenses", new { description = "Rock Concert", amount = 100.1 });
        using var export = await Client.GetAsync("/transactions/export?format=csv");
        Assert.That(export.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var csv = await export.Content.ReadAsStringAsync();
        Assert.That(csv, Does.StartWith("id,type,occurredOn,description,amount,category,externalId,createdAt,updatedAt"));
        Assert.That(csv, Does.Contain(",-100.10,"));

        var other = ClientWithToken((await RegisterAndLoginAsync(Email("restored"))).AccessToken);
        using var imported = await PostCsvAsync(csv, client: other);
        Assert.That((int)(await ReadObjectAsync(imported))["created"]!, Is.EqualTo(5));

        var before = await ReadObjectAsync(await Client.GetAsync("/balance"));
        var after = await ReadObjectAsync(await other.GetAsync("/balance"));
        Assert.That(after.ToJsonString(), Is.EqualTo(before.ToJsonString()));
        Assert.That(await Shape(other), Is.EqualTo(await Shape(Client)));

        using var again = await PostCsvAsync(csv, client: other);
        var secondTime = await ReadObjectAsync(again);
        Assert.That(((int)secondTime["created"]!, (int)secondTime["duplicates"]!), Is.EqualTo((0, 5)));
    }

    [Test]
    public async Task TheJsonExportIsAnArrayOfTransactionsInTheirUsualShapeAndFiltersApply()
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 5000, occurredOn = "2026-03-01" });
        await CreateAsync("expenses", new { description = "pizza", amount = 50, occurredOn = "2026-03-02" });
        await CreateAsync("expenses", new { description = "Old pizza", amount = 50, occurredOn = "2025-01-02" });
        using var response = await Client.GetAsync("/transactions/export?format=json&type=expense&from=2026-01-01");
        var array = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.That(array.Select(t => (string)t!["description"]!), Is.EqualTo(new[] { "pizza" }));
        Assert.That(array[0]!["amount"]!.ToJsonString(), Is.EqualTo("-50.00"));
        Assert.That(array[0]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "id", "type", "accountId", "currency", "description", "amount", "category", "occurredOn", "externalId",
            "toAccountId", "toAmount", "toCurrency", "createdAt", "updatedAt", "categoryId",
        }));
    }

    [TestCase("format=xml", "format")]
    [TestCase("page=2", "page")]
    [TestCase("type=gift", "type")]
    [TestCase("from=2026-02-30", "from")]
    public async Task AnInvalidExportQueryIsA400(string query, string field)
    {
        using var response = await Client.GetAsync($"/transactions/export?{query}");
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task TheExportIsSentWhileItIsReadSoACutConnectionCutsItShort()
    {
        // The export is never held whole: while the client has read only the start of a large export, the database is
        // still sending it, so ending that connection ends the file early. An export read whole before its first byte
        // was sent would arrive complete. The API runs as a process: Kestrel, unlike the in-memory test server, stops
        // writing while the client does not read. (The rows are numbered here, so the trigger leaves the totals alone.)
        const int Rows = 100_000;
        await using (var db = TestDatabase.Inspect())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO transactions (user_id, id, type, account_id, currency, description, amount, occurred_on, created_at, updated_at, change_seq)
                SELECT {OwnerId}, gen_random_uuid(), 'income', s.default_account_id, s.base_currency, 'row ' || n, 1, DATE '2026-03-01', now(), now(), n
                FROM generate_series(1, {Rows}) AS n, user_settings s WHERE s.user_id = {OwnerId}
                """);
        }

        var application = $"export-{Guid.NewGuid():N}"[..24];
        await using var api = await RunningApi.StartAsync(
            TestDatabase.ConnectionString + $";Application Name={application}", CashmanApiFactory.SigningKey);
        using var client = api.CreateClient();
        // A key, not a token: the process runs on the real clock, the fixture on its own.
        using var key = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "export" });
        client.DefaultRequestHeaders.Add("X-API-Key", (string)(await ReadObjectAsync(key))["key"]!);
        using var response = await client.GetAsync("/transactions/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var body = await response.Content.ReadAsStreamAsync();
        var start = new byte[4096];
        await body.ReadAtLeastAsync(start, start.Length);

        List<bool> ended;
        await using (var db = TestDatabase.Inspect())
        {
            ended = await db.Database.SqlQuery<bool>(
                $"SELECT pg_terminate_backend(pid) AS \"Value\" FROM pg_stat_activity WHERE application_name = {application}").ToListAsync();
            Assert.That(ended, Is.Not.Empty, "the export's connection was found");
        }

        // Header and rows end with a line break each: a whole file has Rows + 1.
        var lines = start.Count(b => b == (byte)'\n');
        try
        {
            var rest = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(rest)) > 0)
            {
                lines += rest.AsSpan(0, read).Count((byte)'\n');
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or InvalidOperationException)
        {
            // The response was aborted: as good as ending early.
        }

        Assert.That(lines, Is.LessThan(Rows + 1), $"the export was still being read from the database ({lines} lines)");
    }

    [Test]
    public async Task AnEmptyExportIsJustTheHeader()
    {
        using var response = await Client.GetAsync("/transactions/export");
        Assert.That((await response.Content.ReadAsStringAsync()).TrimEnd(), Is.EqualTo("id,type,occurredOn,description,amount,category,externalId,createdAt,updatedAt,accountId,currency,toAccountId,toAmount,toCurrency,account,accountKind,toAccount,toAccountKind"));
    }

    [Test]
    public async Task AnImportCarriesTheChangeCursorAndADeletedRowIsNotReimported()
    {
        const string file = "occurredOn,description,amount,externalId\n2026-03-01,Refund,-20,bank-7\n";
        using var first = await PostCsvAsync(file);
        var id = (string)(await ReadObjectAsync(first))["rows"]![0]!["id"]!;
        Assert.That(first.Headers.Contains(ChangeCursor.HeaderName), Is.True);
        using (await Client.DeleteAsync($"/expenses/{id}"))
        {
        }

        var again = await ImportAsync(file);
        Assert.That((string?)again["rows"]![0]!["status"], Is.EqualTo("deleted"));
        var forced = await ImportAsync(file, "?reimportDeleted=true");
        Assert.That((string?)forced["rows"]![0]!["status"], Is.EqualTo("created"));
    }

    private static async Task<string> Shape(HttpClient client)
    {
        using var response = await client.GetAsync("/transactions/export?format=json");
        var rows = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray()
            .Select(t => $"{t!["type"]}|{t["occurredOn"]}|{t["description"]}|{t["amount"]!.ToJsonString()}|{t["category"]}")
            .Order(StringComparer.Ordinal);
        return string.Join("\n", rows);
    }
}
