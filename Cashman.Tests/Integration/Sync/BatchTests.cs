using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cashman.Api.Http;
using Cashman.Api.Sync;

namespace Cashman.Tests.Integration.Sync;

/// <summary>SPEC "Sync, bulk, import and export": <c>POST /transactions/batch</c>.</summary>
public sealed class BatchTests : IntegrationTest
{
    [Test]
    public async Task ABatchStoresEveryItemAndAnswersCreatedInOrder()
    {
        var answer = await BatchAsync(new object[]
        {
            new { type = "income", description = "Salary", amount = 5000, occurredOn = "2026-03-01" },
            new { type = "expense", description = "pizza", amount = 50, category = "food" },
            new { type = "expense", description = "Rock Concert", amount = -100, externalId = "bank-1" },
        });

        var results = answer["results"]!.AsArray();
        Assert.That(results.Select(r => ((int)r!["index"]!, (string)r["status"]!)), Is.EqualTo(new[] { (0, "created"), (1, "created"), (2, "created") }));
        var concert = await ReadObjectAsync(await Client.GetAsync($"/expenses/{(string)results[2]!["id"]!}"));
        Assert.That(concert["amount"]!.ToJsonString(), Is.EqualTo("-100.00"));
        Assert.That((string?)concert["externalId"], Is.EqualTo("bank-1"));
        var balance = await ReadObjectAsync(await Client.GetAsync("/balance"));
        Assert.That(balance["balance"]!.ToJsonString(), Is.EqualTo("4850.00"));
        Assert.That((int)balance["expenseCount"]!, Is.EqualTo(2));
    }

    [Test]
    public async Task ABatchCountsEachRowOnceInTheTotalsAndMonthTotals()
    {
        await CreateAsync("incomes", new { description = "Before", amount = 10, occurredOn = "2026-01-15" });
        await BatchAsync(new object[]
        {
            new { type = "income", description = "January", amount = 100, occurredOn = "2026-01-20" },
            new { type = "expense", description = "January", amount = 30, occurredOn = "2026-01-21" },
            new { type = "expense", description = "February", amount = 5.5, occurredOn = "2026-02-01" },
        });
        await CreateAsync("expenses", new { description = "After", amount = 1, occurredOn = "2026-02-02" });

        var balance = await ReadObjectAsync(await Client.GetAsync("/balance?groupBy=month"));
        var months = balance["groups"]!.AsArray().ToDictionary(g => (string)g!["key"]!, g => g!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(balance["balance"]!.ToJsonString(), Is.EqualTo("73.50"));
            Assert.That(((int)balance["incomeCount"]!, (int)balance["expenseCount"]!), Is.EqualTo((2, 3)));
            Assert.That(months["2026-01"]["balance"]!.ToJsonString(), Is.EqualTo("80.00"));
            Assert.That((int)months["2026-01"]["expenseCount"]!, Is.EqualTo(1));
            Assert.That(months["2026-02"]["totalExpenses"]!.ToJsonString(), Is.EqualTo("-6.50"));
        }

        // The feed numbers batch rows between the single writes, in order.
        using var feed = await Client.GetAsync("/changes");
        var order = (await ReadObjectAsync(feed))["changes"]!.AsArray().Select(c => (string)c!["transaction"]!["description"]!);
        Assert.That(order, Is.EqualTo(new[] { "Before", "January", "January", "February", "After" }));
    }

    [Test]
    public async Task AnInvalidItemStoresNothingAndTheAnswerNamesEveryInvalidFieldByPosition()
    {
        using var response = await Client.PostAsJsonAsync("/transactions/batch", new
        {
            items = new object[]
            {
                new { type = "income", description = "Fine", amount = 1 },
                new { type = "income", description = "Negative income", amount = -5 },
                new { type = "gift", description = "", amount = 1 },
            },
        });
        var problem = await AssertValidationProblemAsync(response, "items[1].amount");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "items[2].type", "items[2].description" }));
        var all = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That((int)all["totalItems"]!, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(1001)]
    public async Task NoItemsOrMoreThanAThousandIsA400(int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new { type = "income", description = $"i{i}", amount = 1 }).ToArray();
        using var response = await Client.PostAsJsonAsync("/transactions/batch", new { items });
        await AssertValidationProblemAsync(response, "items");
    }

    [TestCase("{}", "items")]
    [TestCase("""{"items":null}""", "items")]
    [TestCase("""{"items":[null]}""", "items[0]")]
    [TestCase("""{"items":[{"type":"income","description":"x","amount":"ten"}]}""", "items[0].amount")]
    [TestCase("""{"items":[{"type":"income","description":"x","amount":1.005}]}""", "items[0].amount")]
    [TestCase("""{"items":[{"type":"income","description":"x","amount":1,"externalId":"a\u0001b"}]}""", "items[0].externalId")]
    [TestCase("""{"items":{"type":"income"}}""", "items")]
    public async Task AMalformedBatchIsA400NamingWhatIsWrong(string json, string field)
    {
        using var response = await Client.PostAsync("/transactions/batch", JsonBody(json));
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task KnownExternalIdsAndRepeatsWithinTheBatchAreDuplicatesNamingTheStoredRow()
    {
        var stored = await CreateAsync("incomes", new { description = "Salary", amount = 5000, externalId = "bank-1" });
        var answer = await BatchAsync(new object[]
        {
            new { type = "expense", description = "Salary again, as an expense", amount = 1, externalId = "bank-1" },
            new { type = "expense", description = "Coffee", amount = 3, externalId = "bank-2" },
            new { type = "expense", description = "Coffee, sent twice", amount = 3, externalId = "bank-2" },
        });

        var results = answer["results"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)results[0]!["status"], Is.EqualTo("duplicate"));
            Assert.That((string?)results[0]!["id"], Is.EqualTo(stored.Id.ToString()));
            Assert.That((string?)results[1]!["status"], Is.EqualTo("created"));
            Assert.That((string?)results[2]!["status"], Is.EqualTo("duplicate"));
            Assert.That((string?)results[2]!["id"], Is.EqualTo((string?)results[1]!["id"]));
        }

        var all = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That((int)all["totalItems"]!, Is.EqualTo(2));
    }

    [Test]
    public async Task AnExternalIdOfADeletedTransactionIsReportedAndNotRecreatedUnlessAsked()
    {
        var gone = await CreateAsync("expenses", new { description = "Refunded", amount = 20, externalId = "bank-7" });
        using (await Client.DeleteAsync($"/expenses/{gone.Id}"))
        {
        }

        var item = new object[] { new { type = "expense", description = "Refunded", amount = 20, externalId = "bank-7" } };
        var skipped = (await BatchAsync(item))["results"]![0]!;
        Assert.That((string?)skipped["status"], Is.EqualTo("deleted"));
        Assert.That((string?)skipped["id"], Is.EqualTo(gone.Id.ToString()));
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/expenses")))["totalItems"]!, Is.Zero);

        var recreated = (await BatchAsync(item, "?reimportDeleted=true"))["results"]![0]!;
        Assert.That((string?)recreated["status"], Is.EqualTo("created"));
        Assert.That((string?)recreated["id"], Is.Not.EqualTo(gone.Id.ToString()));
        var again = (await BatchAsync(item, "?reimportDeleted=true"))["results"]![0]!;
        Assert.That((string?)again["status"], Is.EqualTo("duplicate"));
    }

    [Test]
    public async Task TheChangeCursorOfABatchIncludesItsRowsAndTheFeedListsThemInOrder()
    {
        using var first = await Client.GetAsync("/changes");
        var start = (string)(await ReadObjectAsync(first))["next"]!;
        using var response = await Client.PostAsJsonAsync("/transactions/batch", new
        {
            items = new object[] { new { type = "income", description = "a", amount = 1 }, new { type = "income", description = "b", amount = 2 } },
        });
        var cursor = response.Headers.GetValues(ChangeCursor.HeaderName).Single();
        using var fromStart = await Client.GetAsync($"/changes?after={start}");
        var changes = (await ReadObjectAsync(fromStart))["changes"]!.AsArray();
        Assert.That(changes.Select(c => (string)c!["transaction"]!["description"]!), Is.EqualTo(new[] { "a", "b" }));
        using var fromCursor = await Client.GetAsync($"/changes?after={cursor}");
        Assert.That((await ReadObjectAsync(fromCursor))["changes"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task AnIdempotencyKeyReplaysTheBatchAndRefusesADifferentOne()
    {
        var body = """{"items":[{"type":"income","description":"Salary","amount":5000}]}""";
        using var first = await SendWithKeyAsync(body, "batch-1");
        using var replay = await SendWithKeyAsync(body, "batch-1");
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(replay.Headers.GetValues(ChangeCursor.HeaderName).Single(), Is.EqualTo(first.Headers.GetValues(ChangeCursor.HeaderName).Single()));
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/incomes")))["totalItems"]!, Is.EqualTo(1));

        using var different = await SendWithKeyAsync("""{"items":[{"type":"income","description":"Other","amount":1}]}""", "batch-1");
        await AssertProblemAsync(different, HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public async Task AThousandItemsOverSixtyFourKibibytesAreAccepted()
    {
        var items = Enumerable.Range(0, 1000).Select(i => new { type = "expense", description = $"Item number {i} of a large batch", amount = 1.25, externalId = $"ext-{i}" }).ToArray();
        using var response = await Client.PostAsJsonAsync("/transactions/batch", new { items });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var balance = await ReadObjectAsync(await Client.GetAsync("/balance"));
        Assert.That(balance["totalExpenses"]!.ToJsonString(), Is.EqualTo("-1250.00"));
    }

    [Test]
    public async Task ABodyOverOneMebibyteIsA413()
    {
        var padding = new string(' ', 1024 * 1024);
        using var response = await Client.PostAsync("/transactions/batch", new StringContent("{\"items\":[]" + padding + "}", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task ABatchNeedsCredentials()
    {
        using var response = await Anonymous.PostAsync("/transactions/batch", JsonBody("""{"items":[]}"""));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    private async Task<JsonObject> BatchAsync(object[] items, string query = "")
    {
        using var response = await Client.PostAsJsonAsync("/transactions/batch" + query, new { items });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/transactions/batch") { Content = JsonBody(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await Client.SendAsync(request);
    }
}
