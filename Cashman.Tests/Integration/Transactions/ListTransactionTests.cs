using System.Net;
using System.Text.Json.Nodes;
using Cashman.Api.Http;

namespace Cashman.Tests.Integration.Transactions;

public sealed class ListTransactionTests : IntegrationTest
{
    [Test]
    public async Task EmptyListHasZeroItemsAndLinksToPageOne()
    {
        using var response = await Client.GetAsync("/incomes");
        var body = await ReadObjectAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["items"]!.AsArray(), Is.Empty);
            Assert.That((int)body["page"]!, Is.EqualTo(1));
            Assert.That((int)body["pageSize"]!, Is.EqualTo(20));
            Assert.That((int)body["totalItems"]!, Is.Zero);
            Assert.That((int)body["totalPages"]!, Is.Zero);
            Assert.That(body["links"]!["prev"], Is.Null);
            Assert.That(body["links"]!["next"], Is.Null);
            Assert.That((string)body["links"]!["last"]!, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/incomes?page=1&pageSize=20"));
        }
    }

    [Test]
    public async Task ListsOnlyTheirOwnKind()
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        await CreateAsync("expenses", new { description = "pizza", amount = 50 });

        var incomes = await ReadObjectAsync(await Client.GetAsync("/incomes"));
        var expenses = await ReadObjectAsync(await Client.GetAsync("/expenses"));
        Assert.That(Descriptions(incomes), Is.EqualTo(new[] { "Salary" }));
        Assert.That(Descriptions(expenses), Is.EqualTo(new[] { "pizza" }));
    }

    [Test]
    public async Task DefaultOrderIsNewestOccurredOnFirstThenNewestCreatedFirst()
    {
        await CreateAsync("incomes", new { description = "old", amount = 1, occurredOn = "2026-01-01" });
        await CreateAsync("incomes", new { description = "same-day-first", amount = 1, occurredOn = "2026-02-01" });
        await CreateAsync("incomes", new { description = "same-day-second", amount = 1, occurredOn = "2026-02-01" });
        await CreateAsync("incomes", new { description = "newest", amount = 1, occurredOn = "2026-03-01" });

        var body = await ReadObjectAsync(await Client.GetAsync("/incomes"));
        Assert.That(Descriptions(body), Is.EqualTo(new[] { "newest", "same-day-second", "same-day-first", "old" }));
    }

    [Test]
    public async Task PagesWalkEveryItemExactlyOnceWithLinks()
    {
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync("expenses", new { description = $"e{i}", amount = 1, occurredOn = "2026-02-01" });
        }

        var seen = new List<string>();
        string? next = "/expenses?pageSize=3";
        var pages = 0;
        while (next is not null)
        {
            using var response = await Client.GetAsync(next);
            var body = await ReadObjectAsync(response);
            Assert.That((int)body["totalItems"]!, Is.EqualTo(7));
            Assert.That((int)body["totalPages"]!, Is.EqualTo(3));
            seen.AddRange(Descriptions(body));
            next = (string?)body["links"]!["next"];
            pages++;
        }

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 7).Reverse().Select(i => $"e{i}")));
    }

    [Test]
    public async Task MiddlePageHasAllLinksInBodyAndLinkHeader()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync("incomes", new { description = $"i{i}", amount = 1 });
        }

        using var response = await Client.GetAsync("/incomes?page=2&pageSize=2");
        var body = await ReadObjectAsync(response);
        var links = body["links"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string)links["self"]!, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/incomes?page=2&pageSize=2"));
            Assert.That((string)links["first"]!, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/incomes?page=1&pageSize=2"));
            Assert.That((string)links["prev"]!, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/incomes?page=1&pageSize=2"));
            Assert.That((string)links["next"]!, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/incomes?page=3&pageSize=2"));
            Assert.That((string)links["last"]!, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/incomes?page=3&pageSize=2"));
            Assert.That(body["items"]!.AsArray(), Has.Count.EqualTo(2));
        }

        var header = string.Join(", ", response.Headers.GetValues("Link"));
        Assert.That(header, Is.EqualTo(
            "<https://cashman.test/incomes?page=2&pageSize=2>; rel=\"self\", " +
            "<https://cashman.test/incomes?page=1&pageSize=2>; rel=\"first\", " +
            "<https://cashman.test/incomes?page=1&pageSize=2>; rel=\"prev\", " +
            "<https://cashman.test/incomes?page=3&pageSize=2>; rel=\"next\", " +
            "<https://cashman.test/incomes?page=3&pageSize=2>; rel=\"last\""));
    }

    [Test]
    public async Task LastPageHasNoNextAndFirstPageHasNoPrev()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync("incomes", new { description = $"i{i}", amount = 1 });
        }

        var first = await ReadObjectAsync(await Client.GetAsync("/incomes?pageSize=2"));
        var last = await ReadObjectAsync(await Client.GetAsync("/incomes?page=2&pageSize=2"));
        Assert.That(first["links"]!["prev"], Is.Null);
        Assert.That(first["links"]!["next"], Is.Not.Null);
        Assert.That(last["links"]!["next"], Is.Null);
        Assert.That(last["links"]!["prev"], Is.Not.Null);
        Assert.That(last["items"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PageBeyondTheLastIsEmptyAndPointsBack()
    {
        await CreateAsync("incomes", new { description = "only", amount = 1 });
        var body = await ReadObjectAsync(await Client.GetAsync("/incomes?page=5"));
        Assert.That(body["items"]!.AsArray(), Is.Empty);
        Assert.That(body["links"]!["next"], Is.Null);
        Assert.That((string)body["links"]!["prev"]!, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/incomes?page=1&pageSize=20"));
    }

    [TestCase("page=0", "page")]
    [TestCase("page=-1", "page")]
    [TestCase("page=abc", "page")]
    [TestCase("pageSize=0", "pageSize")]
    [TestCase("pageSize=101", "pageSize")]
    [TestCase("pageSize=1000", "pageSize")]
    [TestCase("pageSize=ten", "pageSize")]
    [TestCase("limit=5", "limit")]
    [TestCase("page_size=5", "page_size")]
    public async Task InvalidOrUnknownQueryParameterIsA400ThatNamesIt(string query, string parameter)
    {
        foreach (var path in new[] { "/incomes", "/expenses", "/transactions" })
        {
            using var response = await Client.GetAsync($"{path}?{query}");
            await AssertValidationProblemAsync(response, parameter);
        }
    }

    [Test]
    public async Task PageSizeOfOneHundredIsTheLargestAccepted()
    {
        for (var i = 0; i < 101; i++)
        {
            await CreateAsync("incomes", new { description = $"i{i}", amount = 1 });
        }

        var body = await ReadObjectAsync(await Client.GetAsync("/incomes?pageSize=100"));
        Assert.That(body["items"]!.AsArray(), Has.Count.EqualTo(100));
        Assert.That((int)body["page"]!, Is.EqualTo(1));
        Assert.That((int)body["totalPages"]!, Is.EqualTo(2));
        await AssertValidationProblemAsync(await Client.GetAsync("/incomes?pageSize=101"), "pageSize");
    }

    [Test]
    public async Task QueryParameterNamesAreCaseInsensitive()
    {
        using var response = await Client.GetAsync("/incomes?PAGESIZE=5&Page=1");
        var body = await ReadObjectAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int)body["pageSize"]!, Is.EqualTo(5));
    }

    [Test]
    public async Task TransactionsListsBothKindsNewestFirst()
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 5000, occurredOn = "2026-01-01" });
        await CreateAsync("expenses", new { description = "pizza", amount = 50, occurredOn = "2026-01-02" });

        var body = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That(Descriptions(body), Is.EqualTo(new[] { "pizza", "Salary" }));
        Assert.That(body["items"]!.AsArray().Select(i => (string)i!["type"]!), Is.EqualTo(new[] { "expense", "income" }));
    }

    [TestCase("income", "Salary")]
    [TestCase("expense", "pizza")]
    public async Task TransactionsFilteredByTypeListOnlyThatKindAndKeepTheFilterInLinks(string type, string description)
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        await CreateAsync("expenses", new { description = "pizza", amount = 50 });

        var body = await ReadObjectAsync(await Client.GetAsync($"/transactions?type={type}"));
        Assert.That(Descriptions(body), Is.EqualTo(new[] { description }));
        Assert.That((string)body["links"]!["self"]!, Is.EqualTo($"{CashmanApiFactory.PublicBaseUrl}/transactions?type={type}&page=1&pageSize=20"));
    }

    [TestCase("type=incomes")]
    [TestCase("type=INCOME")]
    [TestCase("type=0")]
    public async Task TransactionsWithAnUnknownTypeIsA400(string query)
    {
        using var response = await Client.GetAsync($"/transactions?{query}");
        await AssertValidationProblemAsync(response, "type");
    }

    [Test]
    public async Task TypeIsNotAParameterOfTheKindLists()
    {
        using var response = await Client.GetAsync("/incomes?type=income");
        await AssertValidationProblemAsync(response, "type");
    }

    [TestCase("/transactions?page=2147483647")]
    [TestCase("/incomes?page=2147483647&pageSize=100")]
    [TestCase("/incomes?page=42949674&pageSize=100")]
    [TestCase("/incomes?page=4&pageSize=10")]
    public async Task APagePastTheLastIsEmptyWithLinksBackNeverAnotherPagesRows(string path)
    {
        for (var i = 0; i < 30; i++)
        {
            await CreateAsync("incomes", new { description = $"income {i}", amount = 1 });
        }

        using var response = await Client.GetAsync(path);
        var body = await ReadObjectAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["items"]!.AsArray(), Is.Empty);
            Assert.That((long)body["totalItems"]!, Is.EqualTo(30));
            Assert.That(body["links"]!["next"], Is.Null);
            Assert.That((string)body["links"]!["prev"]!, Is.EqualTo((string)body["links"]!["last"]!), "prev leads back to the last page");
        }
    }

    [Test]
    public async Task TheLastPageOfALargePageNumberRangeStillHoldsItsRows()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync("expenses", new { description = $"expense {i}", amount = 1 });
        }

        var last = await ReadObjectAsync(await Client.GetAsync("/expenses?page=3&pageSize=1"));
        Assert.That(Descriptions(last), Is.EqualTo(new[] { "expense 0" }));
    }

    [TestCase("from=0001-01-01&to=9999-12-31")]
    [TestCase("to=9999-12-31")]
    [TestCase("from=0001-01-01")]
    public async Task AllTimeListsAreA200WithEveryRow(string range)
    {
        await CreateAsync("incomes", new { description = "early", amount = 1, occurredOn = "1900-01-01" });
        await CreateAsync("expenses", new { description = "late", amount = 1, occurredOn = "2999-12-31" });
        var body = await ReadObjectAsync(await Client.GetAsync($"/transactions?{range}"));
        Assert.That(Descriptions(body), Is.EquivalentTo(new[] { "early", "late" }));
    }
}
