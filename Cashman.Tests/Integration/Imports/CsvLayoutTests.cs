using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Imports;

/// <summary>
/// SPEC "Sync, bulk, import and export", statements as banks really write them: debit and credit columns, direction
/// columns, files without a header, lines before the header, amount text, ragged rows, skipped rows and charsets.
/// </summary>
public sealed class CsvLayoutTests : IntegrationTest
{
    static CsvLayoutTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [TestCase("12.50", "", "-12.50")]
    [TestCase("-12.50", "", "-12.50")]
    [TestCase("", "100", "100.00")]
    [TestCase("0.00", "100", "100.00")]
    [TestCase("12.50", "0", "-12.50")]
    public async Task DebitAndCreditColumnsAreMoneyOutAndInWhetherSignedOrNot(string debit, string credit, string stored)
    {
        var answer = await ImportAsync($"Date,Text,Out,In\n2026-03-01,Row,{debit},{credit}\n", "?dateColumn=Date&descriptionColumn=Text&debitColumn=Out&creditColumn=In&dryRun=true");
        var row = answer["rows"]![0]!;
        Assert.That((row["amount"]!.ToJsonString(), (string?)row["type"]), Is.EqualTo((stored, stored.StartsWith('-') ? "expense" : "income")));
    }

    [TestCase("12.50", "100")]
    [TestCase("", "")]
    [TestCase("abc", "")]
    public async Task ARowWithMoneyBothOutAndInOrNeitherIsA400ForItsLine(string debit, string credit)
    {
        using var response = await PostCsvAsync($"Date,Text,Out,In\n2026-03-01,Fine,1,\n2026-03-02,Row,{debit},{credit}\n", "?dateColumn=Date&descriptionColumn=Text&debitColumn=Out&creditColumn=In");
        await AssertValidationProblemAsync(response, "lines[3].amount");
    }

    [TestCase("Af", "-23.45")]
    [TestCase("af", "-23.45")]
    [TestCase("Bij", "23.45")]
    [TestCase(" BIJ ", "23.45")]
    public async Task AnUnsignedAmountTakesItsSignFromTheDirectionColumn(string direction, string stored)
    {
        var answer = await ImportAsync(
            $"Datum;Naam;Af Bij;Bedrag\n20260304;Albert Heijn;{direction};23,45\n",
            "?dateColumn=Datum&descriptionColumn=Naam&amountColumn=Bedrag&directionColumn=Af%20Bij&outValues=Af&inValues=Bij&dateFormat=yyyyMMdd&decimalSeparator=,&delimiter=;&dryRun=true");
        Assert.That(answer["rows"]![0]!["amount"]!.ToJsonString(), Is.EqualTo(stored));
    }

    [TestCase("")]
    [TestCase("X")]
    [TestCase("Bij Af")]
    public async Task ARowWhoseDirectionIsNeitherIsA400ForItsLineNeverAnIncome(string direction)
    {
        using var response = await PostCsvAsync(
            $"Datum;Naam;CreditDebet;Bedrag\n04-03-2026;Knab;D;1,00\n04-03-2026;Knab;{direction};23,45\n",
            "?dateColumn=Datum&descriptionColumn=Naam&amountColumn=Bedrag&directionColumn=CreditDebet&outValues=D&inValues=C&dateFormat=dd-MM-yyyy&decimalSeparator=,&delimiter=;");
        await AssertValidationProblemAsync(response, "lines[3].direction");
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task WithoutAHeaderColumnsAreNumberedFromOne()
    {
        var answer = await ImportAsync("\"03/04/2026\",\"-45.12\",\"*\",\"\",\"SAFEWAY\"\n\"03/01/2026\",\"3200.00\",\"*\",\"\",\"PAYROLL\"\n", "?header=false&dateColumn=1&amountColumn=2&descriptionColumn=5&dateFormat=MM/dd/yyyy&dryRun=true");
        var rows = answer["rows"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => (int)r!["line"]!), Is.EqualTo(new[] { 1, 2 }), answer.ToJsonString());
            Assert.That(rows.Select(r => (string?)r!["description"]), Is.EqualTo(new[] { "SAFEWAY", "PAYROLL" }));
            Assert.That(rows.Select(r => (string?)r!["occurredOn"]), Is.EqualTo(new[] { "2026-03-04", "2026-03-01" }));
        }
    }

    [TestCase("?header=false&dateColumn=Date&amountColumn=2&descriptionColumn=3", "dateColumn")]
    [TestCase("?header=false&dateColumn=1&amountColumn=4&descriptionColumn=3", "amountColumn")]
    [TestCase("?header=false&dateColumn=1&amountColumn=0&descriptionColumn=3", "amountColumn")]
    [TestCase("?header=false&amountColumn=2&descriptionColumn=3", "dateColumn")]
    [TestCase("?header=false&dateColumn=1&amountColumn=2", "descriptionColumn")]
    [TestCase("?header=maybe", "header")]
    public async Task WithoutAHeaderAColumnThatIsNotANumberOfTheRowIsA400NamingIt(string query, string parameter)
    {
        using var response = await PostCsvAsync("2026-03-01,5,x\n", query);
        await AssertValidationProblemAsync(response, parameter);
    }

    [Test]
    public async Task TheHeaderIsTheFirstOfThirtyLinesThatHoldsEveryMappedColumn()
    {
        var summary = "Konto;DE12\n\nKontostand;1.234,56\nBuchungstag;unter Vorbehalt\n";
        var answer = await ImportAsync(summary + "Buchungstag;Text;Betrag\n01.03.2026;Gehalt;2.500,00\n", "?dateColumn=Buchungstag&descriptionColumn=Text&amountColumn=Betrag&dateFormat=dd.MM.yyyy&decimalSeparator=,&delimiter=;");
        Assert.That(((int)answer["created"]!, (int)answer["rows"]![0]!["line"]!), Is.EqualTo((1, 6)));
    }

    [Test]
    public async Task AHeaderAfterTheThirtiethLineIsNotFoundAndTheMissingColumnIsNamed()
    {
        var lines = string.Concat(Enumerable.Repeat("summary,1\n", 30));
        using var response = await PostCsvAsync(lines + "occurredOn,description,amount\n2026-03-01,x,1\n");
        await AssertValidationProblemAsync(response, "dateColumn");

        var answer = await ImportAsync(lines + "occurredOn,description,amount\n2026-03-01,x,1\n", "?skipLines=30");
        Assert.That((int)answer["created"]!, Is.EqualTo(1), "skipLines reaches it");
    }

    [TestCase("?skipLines=2", "dateColumn")]
    [TestCase("?skipLines=-1", "skipLines")]
    [TestCase("?skipLines=1001", "skipLines")]
    [TestCase("?skipLines=x", "skipLines")]
    public async Task SkipLinesNamesTheHeaderLineExactly(string query, string parameter)
    {
        using var response = await PostCsvAsync("Report\noccurredOn,description,amount\n2026-03-01,x,1\n", query);
        await AssertValidationProblemAsync(response, parameter);
    }

    [TestCase("+7.00", "", "7.00")]
    [TestCase("$1,234.56", "", "1234.56")]
    [TestCase("-$5.00", "", "-5.00")]
    [TestCase("$-5.00", "", "-5.00")]
    [TestCase("(5.00)", "", "-5.00")]
    [TestCase("($1,250.00)", "", "-1250.00")]
    [TestCase("USD 12.00", "", "12.00")]
    [TestCase("12.00 USD", "", "12.00")]
    [TestCase("9'413.94", "", "9413.94")]
    [TestCase("1 234 567.00", "", "1234567.00")]
    [TestCase("1\u00a0718.70", "", "1718.70")]
    [TestCase("1\u202f718.70", "", "1718.70")]
    [TestCase("1 718,70", "?decimalSeparator=,", "1718.70")]
    [TestCase("1.718,70 \u20ac", "?decimalSeparator=,", "1718.70")]
    [TestCase("-1 718,70", "?decimalSeparator=,", "-1718.70")]
    [TestCase("+2500,00", "?decimalSeparator=,", "2500.00")]
    public async Task AmountTextMayHaveASignACurrencyParenthesesAndGroupingInThrees(string amount, string query, string stored)
    {
        var answer = await ImportAsync($"occurredOn;description;amount\n2026-03-01;Row;{amount}\n", (query.Length == 0 ? "?" : query + "&") + "delimiter=;&dryRun=true");
        Assert.That(answer["rows"]![0]!["amount"]!.ToJsonString(), Is.EqualTo(stored));
    }

    [TestCase("1 50", "")]
    [TestCase("12'34.50", "")]
    [TestCase("1 234.567,00", "")]
    [TestCase("1,234 567.00", "")]
    [TestCase("(-5.00)", "")]
    [TestCase("+-5", "")]
    [TestCase("$$5", "")]
    [TestCase("5 apples", "")]
    [TestCase("(5.00", "")]
    [TestCase("1 50,00", "?decimalSeparator=,")]
    public async Task AmountTextThatIsNotExactlyOneAmountIsA400ForItsLine(string amount, string query)
    {
        using var response = await PostCsvAsync($"occurredOn;description;amount\n2026-03-01;Fine;1\n2026-03-02;Row;{amount}\n", (query.Length == 0 ? "?" : query + "&") + "delimiter=;");
        await AssertValidationProblemAsync(response, "lines[3].amount");
    }

    [Test]
    public async Task ACurrencyCodeBesideTheAmountThatIsNotTheAccountsIsA400ForItsLine()
    {
        using var response = await PostCsvAsync("occurredOn,description,amount\n2026-03-01,Row,12.00 EUR\n");
        await AssertValidationProblemAsync(response, "lines[2].currency");
    }

    [TestCase("occurredOn,description,amount\n2026-03-01,Row,1,\n")]
    [TestCase("occurredOn,description,amount,note\n2026-03-01,Row,1\n")]
    [TestCase("occurredOn,description,amount,\n2026-03-01,Row,1\n")]
    public async Task ARowMayHaveOneEmptyFieldMoreOrOneFewerThanTheHeader(string csv)
    {
        var answer = await ImportAsync(csv);
        Assert.That((int)answer["created"]!, Is.EqualTo(1));
    }

    [TestCase("occurredOn,description,amount\n2026-03-01,Fine,1\n2026-03-01,Row,1,x\n")]
    [TestCase("occurredOn,description,amount\n2026-03-01,Fine,1\n2026-03-01,Row,1,,\n")]
    [TestCase("occurredOn,description,amount,note\n2026-03-01,Fine,1,\n2026-03-01,Row\n")]
    public async Task ARowWithOtherFieldsThanTheHeaderIsA400ForItsLine(string csv)
    {
        using var response = await PostCsvAsync(csv);
        await AssertValidationProblemAsync(response, "lines[3].line");
    }

    [Test]
    public async Task BalanceLinesZeroAmountsAndPendingRowsAreSkippedWithTheirReasons()
    {
        var answer = await ImportAsync(
            "occurredOn,description,amount,state\n,Opening balance,,\n2026-03-01,Hold,0.00,BOOKED\n2026-03-02,Uber,-14.20,PENDING\n2026-03-03,Spotify,-10.99,BOOKED\n\n",
            "?statusColumn=state&skipStatuses=pending,reverted");
        var rows = answer["rows"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((int)answer["created"]!, (int)answer["skipped"]!), Is.EqualTo((1, 3)));
            Assert.That(rows.Select(r => (string?)r!["status"]), Is.EqualTo(new[] { "skipped", "skipped", "skipped", "created" }));
            Assert.That(rows.Select(r => (string?)r!["reason"]), Is.EqualTo(new[]
            {
                "It has neither a date nor an amount (a balance line).",
                "Its amount is zero (a hold or a notice, not money that moved).",
                "Its statusColumn is one of skipStatuses (pending, or not a booking).",
                null,
            }));
            Assert.That(rows.Take(3).Select(r => r!["id"]), Has.All.Null);
        }

        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.EqualTo(1));
    }

    [Test]
    public async Task ARowWithADateButNoAmountIsA400ForItsLineNotSkipped()
    {
        using var response = await PostCsvAsync("occurredOn,description,amount\n2026-03-01,Fine,1\n2026-03-02,Nothing,\n");
        await AssertValidationProblemAsync(response, "lines[3].amount");
    }

    [Test]
    public async Task AFileWhoseRowsAreAllSkippedCreatesNothingAndIsA200()
    {
        var answer = await ImportAsync("occurredOn,description,amount\n,Opening balance,\n2026-03-01,Hold,0\n");
        Assert.That(((int)answer["created"]!, (int)answer["skipped"]!), Is.EqualTo((0, 2)));
    }

    [Test]
    public async Task AnImportThatStoresAnswersIdsWithoutTheRowsDetails()
    {
        var answer = await ImportAsync("occurredOn,description,amount\n2026-03-01,Salary,5000\n");
        var row = answer["rows"]![0]!.AsObject();
        Assert.That(new[] { row["type"], row["occurredOn"], row["amount"], row["description"] }, Has.All.Null);
        Assert.That((string?)(await ReadObjectAsync(await Client.GetAsync($"/incomes/{(string)row["id"]!}")))["description"], Is.EqualTo("Salary"));
    }

    [Test]
    public async Task TheDryRunShowsEachRowAsItWouldBeStoredAndStoresNothing()
    {
        var answer = await ImportAsync("Datum;Text;Soll;Haben\n01.03.2026;Gehalt;;2.500,00\n02.03.2026;Miete;950,00;\n", "?dateColumn=Datum&descriptionColumn=Text&debitColumn=Soll&creditColumn=Haben&dateFormat=dd.MM.yyyy&decimalSeparator=,&delimiter=;&dryRun=true");
        var rows = answer["rows"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => ((string?)r!["type"], (string?)r["occurredOn"], r["amount"]!.ToJsonString(), (string?)r["currency"], (string?)r["description"])), Is.EqualTo(new[]
            {
                ("income", "2026-03-01", "2500.00", "USD", "Gehalt"),
                ("expense", "2026-03-02", "-950.00", "USD", "Miete"),
            }));
            Assert.That(rows.Select(r => (string?)r!["status"]), Has.All.EqualTo("created"));
        }

        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions")))["totalItems"]!, Is.Zero);
    }

    [TestCase("?debitColumn=Out", "creditColumn")]
    [TestCase("?creditColumn=In", "debitColumn")]
    [TestCase("?debitColumn=Out&creditColumn=In&amountColumn=amount", "amountColumn")]
    [TestCase("?directionColumn=Dir", "outValues")]
    [TestCase("?directionColumn=Dir&outValues=D", "inValues")]
    [TestCase("?outValues=D&inValues=C", "directionColumn")]
    [TestCase("?directionColumn=Dir&outValues=D&inValues=d", "inValues")]
    [TestCase("?directionColumn=Dir&outValues=%2C&inValues=C", "outValues")]
    [TestCase("?statusColumn=State", "skipStatuses")]
    [TestCase("?skipStatuses=PENDING", "statusColumn")]
    [TestCase("?skipStatuses=", "skipStatuses")]
    [TestCase("?profile=", "profile")]
    [TestCase("?profile=nobody-has-this", "profile")]
    public async Task ParametersThatNeedAPartnerOrContradictAreA400NamingOne(string query, string parameter)
    {
        using var response = await PostCsvAsync("occurredOn,description,amount,Out,In,Dir,State\n2026-03-01,x,1,,,,\n", query);
        await AssertValidationProblemAsync(response, parameter);
    }

    [TestCase("iso-8859-1", "Caf\u00e9 \u00a3")]
    [TestCase("ISO-8859-1", "Caf\u00e9")]
    [TestCase("latin1", "Caf\u00e9")]
    [TestCase("iso-8859-15", "Caf\u00e9 \u20ac")]
    [TestCase("windows-1252", "Caf\u00e9 \u20ac \u2013")]
    [TestCase("\"windows-1252\"", "Caf\u00e9")]
    [TestCase("utf-8", "Caf\u00e9 \u20ac \U0001F96A")]
    public async Task ABodyInADeclaredCharsetIsDecodedByIt(string charset, string description)
    {
        var encoding = Encoding.GetEncoding(charset.Trim('"') == "latin1" ? "iso-8859-1" : charset.Trim('"'));
        using var answer = await PostBytesAsync(encoding.GetBytes($"occurredOn,description,amount\n2026-03-01,{description},1\n"), $"text/csv; charset={charset}");
        Assert.That((string?)(await ReadObjectAsync(answer))["rows"]![0]!["description"], Is.EqualTo(description));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Utf16WithItsByteOrderMarkIsReadEitherEndFirst(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        byte[] file = [.. encoding.GetPreamble(), .. encoding.GetBytes("occurredOn,description,amount\n2026-03-01,Caf\u00e9,1\n")];
        using var response = await PostBytesAsync(file, "text/csv; charset=utf-16");
        Assert.That((string?)(await ReadObjectAsync(response))["rows"]![0]!["description"], Is.EqualTo("Caf\u00e9"));
    }

    [Test]
    public async Task Utf16WithoutItsByteOrderMarkIsA400()
    {
        using var response = await PostBytesAsync(Encoding.Unicode.GetBytes("occurredOn,description,amount\n2026-03-01,x,1\n"), "text/csv; charset=utf-16");
        await AssertValidationProblemAsync(response, "body");
    }

    [TestCase("windows-1252", new byte[] { 0x81 })]
    [TestCase("utf-8", new byte[] { 0xE9 })]
    [TestCase("utf-8", new byte[] { 0xC3, 0x28 })]
    [TestCase("utf-16", new byte[] { 0x00, 0xD8 })]
    public async Task BytesInvalidInTheDeclaredCharsetAreA400(string charset, byte[] invalid)
    {
        var encoding = charset == "utf-16" ? new UnicodeEncoding(false, true) : Encoding.GetEncoding(charset == "utf-8" ? "us-ascii" : "iso-8859-1");
        byte[] file = [.. charset == "utf-16" ? encoding.GetPreamble() : [], .. encoding.GetBytes("occurredOn,description,amount\n2026-03-01,Caf"), .. invalid, .. encoding.GetBytes(",1\n")];
        using var response = await PostBytesAsync(file, $"text/csv; charset={charset}");
        await AssertValidationProblemAsync(response, "body");
    }

    private Task<HttpResponseMessage> PostBytesAsync(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Client.PostAsync("/imports?dryRun=true", content);
    }
}
