using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Http;
using Cashman.Api.Sync;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Sync;

/// <summary>SPEC "Sync, bulk, import and export": <c>GET /changes</c>, the cursor and <c>Cashman-Change-Cursor</c>.</summary>
public sealed class ChangeFeedTests : IntegrationTest
{
    [Test]
    public async Task AFirstSyncReturnsEveryLiveTransactionOnceAsItIsNow()
    {
        var salary = await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        var pizza = await CreateAsync("expenses", new { description = "pizza", amount = 50 });
        var concert = await CreateAsync("expenses", new { description = "Rock Concert", amount = 100, externalId = "bank-1" });
        using (var put = await Client.PutAsJsonAsync($"/incomes/{salary.Id}", new { description = "Salary March", amount = 5100 }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var deleted = await Client.DeleteAsync($"/expenses/{pizza.Id}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        var page = await ChangesAsync(null);
        var changes = page["changes"]!.AsArray();
        Assert.That(changes.Select(c => (string)c!["op"]!), Is.All.EqualTo("upsert"), page.ToJsonString());
        Assert.That(changes.Select(c => (string)c!["transaction"]!["id"]!), Is.EqualTo(new[] { concert.Id.ToString(), salary.Id.ToString() }));
        var updated = changes[1]!["transaction"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)updated["description"], Is.EqualTo("Salary March"));
            Assert.That(updated["amount"]!.ToJsonString(), Is.EqualTo("5100.00"));
            Assert.That((string?)updated["type"], Is.EqualTo("income"));
            Assert.That((string?)changes[0]!["transaction"]!["externalId"], Is.EqualTo("bank-1"));
            Assert.That((bool)page["hasMore"]!, Is.False);
            Assert.That((string?)page["next"], Is.Not.Null.And.Not.Empty);
        }
    }

    [Test]
    public async Task AfterACursorComeOnlyLaterChangesInTheOrderTheyWereMade()
    {
        var kept = await CreateAsync("incomes", new { description = "Kept", amount = 1 });
        var doomed = await CreateAsync("expenses", new { description = "Doomed", amount = 2, externalId = "bank-9" });
        var cursor = (string)(await ChangesAsync(null))["next"]!;

        var added = await CreateAsync("incomes", new { description = "Added", amount = 3 });
        using (await Client.PutAsJsonAsync($"/incomes/{kept.Id}", new { description = "Kept, renamed", amount = 1 }))
        {
        }

        using (await Client.DeleteAsync($"/expenses/{doomed.Id}"))
        {
        }

        var page = await ChangesAsync(cursor);
        var changes = page["changes"]!.AsArray();
        Assert.That(changes, Has.Count.EqualTo(3), page.ToJsonString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)changes[0]!["transaction"]!["id"], Is.EqualTo(added.Id.ToString()));
            Assert.That((string?)changes[1]!["transaction"]!["description"], Is.EqualTo("Kept, renamed"));
            Assert.That(changes[2]!.ToJsonString(), Is.EqualTo($$"""{"op":"delete","id":"{{doomed.Id}}","type":"expense","externalId":"bank-9"}"""));
        }

        var after = await ChangesAsync((string)page["next"]!);
        Assert.That(after["changes"]!.AsArray(), Is.Empty);
        Assert.That((string?)after["next"], Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task ADeleteOfATransactionWithoutExternalIdSendsANullExternalId()
    {
        var cursor = (string)(await ChangesAsync(null))["next"]!;
        var gone = await CreateAsync("incomes", new { description = "Gone", amount = 1 });
        using (await Client.DeleteAsync($"/incomes/{gone.Id}"))
        {
        }

        var delete = (await ChangesAsync(cursor))["changes"]!.AsArray()[^1]!.AsObject();
        Assert.That(delete.ContainsKey("externalId"), Is.True);
        Assert.That(delete["externalId"], Is.Null);
        Assert.That((string?)delete["type"], Is.EqualTo("income"));
    }

    [Test]
    public async Task EveryWriteAnswerCarriesACursorThatIncludesThatWrite()
    {
        var start = (string)(await ChangesAsync(null))["next"]!;
        using var created = await Client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 5000 });
        var id = (string)(await ReadObjectAsync(created))["id"]!;
        var afterCreate = Cursor(created);
        using var updated = await Client.PutAsJsonAsync($"/incomes/{id}", new { description = "Salary", amount = 5001 });
        var afterUpdate = Cursor(updated);
        using var deleted = await Client.DeleteAsync($"/incomes/{id}");
        var afterDelete = Cursor(deleted);

        // From before each write, the write is in the feed; from its own cursor, it is not.
        Assert.That(OpsAndIds(await ChangesAsync(start)), Is.EqualTo(new[] { $"delete {id}" }));
        Assert.That(OpsAndIds(await ChangesAsync(afterCreate)), Is.EqualTo(new[] { $"delete {id}" }));
        Assert.That(OpsAndIds(await ChangesAsync(afterUpdate)), Is.EqualTo(new[] { $"delete {id}" }));
        Assert.That(OpsAndIds(await ChangesAsync(afterDelete)), Is.Empty);
    }

    [Test]
    public async Task AnIdempotentReplayCarriesTheFirstAnswersCursor()
    {
        using var first = new HttpRequestMessage(HttpMethod.Post, "/expenses") { Content = JsonBody("""{"description":"Taxi","amount":20}""") };
        first.Headers.Add("Idempotency-Key", "taxi-1");
        using var firstAnswer = await Client.SendAsync(first);
        using var again = new HttpRequestMessage(HttpMethod.Post, "/expenses") { Content = JsonBody("""{"description":"Taxi","amount":20}""") };
        again.Headers.Add("Idempotency-Key", "taxi-1");
        using var replay = await Client.SendAsync(again);
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(Cursor(replay), Is.EqualTo(Cursor(firstAnswer)));
    }

    [Test]
    public async Task SmallPagesWalkTheWholeFeedWithHasMoreUntilTheEnd()
    {
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync("expenses", new { description = $"e{i}", amount = i + 1 });
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var page = await ChangesAsync(cursor, limit: 3);
            pages++;
            seen.AddRange(page["changes"]!.AsArray().Select(c => (string)c!["transaction"]!["description"]!));
            cursor = (string)page["next"]!;
            if (!(bool)page["hasMore"]!)
            {
                break;
            }
        }

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 7).Select(i => $"e{i}")));
        Assert.That(pages, Is.EqualTo(3));
    }

    [Test]
    public async Task WithoutALimitAPageHoldsAHundredChanges()
    {
        var items = Enumerable.Range(0, 101).Select(i => new { type = "income", description = $"i{i}", amount = 1 }).ToArray();
        using (var batch = await Client.PostAsJsonAsync("/transactions/batch", new { items }))
        {
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var first = await ChangesAsync(null);
        Assert.That(first["changes"]!.AsArray(), Has.Count.EqualTo(100));
        Assert.That((bool)first["hasMore"]!, Is.True);
        var rest = await ChangesAsync((string)first["next"]!);
        Assert.That(rest["changes"]!.AsArray().Select(c => (string)c!["transaction"]!["description"]!), Is.EqualTo(new[] { "i100" }));
        Assert.That((bool)rest["hasMore"]!, Is.False);
    }

    [Test]
    public async Task TheFeedIsTheCallersOnly()
    {
        await CreateAsync("incomes", new { description = "Mine", amount = 1 });
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        using var response = await other.GetAsync("/changes");
        Assert.That((await ReadObjectAsync(response))["changes"]!.AsArray(), Is.Empty);
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=1001", "limit")]
    [TestCase("limit=ten", "limit")]
    [TestCase("limit=%205", "limit")]
    [TestCase("after=", "after")]
    [TestCase("after=not-a-cursor", "after")]
    [TestCase("after=AQAAAAAAAAAA", "after")]
    [TestCase("since=2026-01-01", "since")]
    [TestCase("limit=5&limit=6", "limit")]
    public async Task AnInvalidQueryIsA400NamingTheParameter(string query, string field)
    {
        using var response = await Client.GetAsync($"/changes?{query}");
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task ACursorTamperedIntoNegativeNumbersIsA400()
    {
        var bytes = new byte[25];
        bytes[0] = 1;
        Array.Fill<byte>(bytes, 0xFF, 1, 8);
        var tampered = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var response = await Client.GetAsync($"/changes?after={tampered}");
        await AssertValidationProblemAsync(response, "after");
    }

    [Test]
    public async Task AnotherUsersCursorIsA400AndNeverSkipsTheCallersChanges()
    {
        await CreateAsync("expenses", new { description = "mine", amount = 1 });
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        for (var i = 0; i < 3; i++)
        {
            using var created = await other.PostAsJsonAsync("/incomes", new { description = $"theirs {i}", amount = 1 });
        }

        using var theirs = await other.GetAsync("/changes");
        var theirCursor = (string)(await ReadObjectAsync(theirs))["next"]!;
        using var response = await Client.GetAsync($"/changes?after={theirCursor}");
        await AssertValidationProblemAsync(response, "after");
    }

    [TestCase(0)]
    [TestCase(8)]
    [TestCase(16)]
    [TestCase(24)]
    [TestCase(40)]
    public async Task ACursorWithAnyBitChangedIsA400(int index)
    {
        await CreateAsync("expenses", new { description = "mine", amount = 1 });
        using var page = await Client.GetAsync("/changes");
        var bytes = FromBase64Url((string)(await ReadObjectAsync(page))["next"]!);
        bytes[index] ^= 0x01;
        using var response = await Client.GetAsync($"/changes?after={ToBase64Url(bytes)}");
        await AssertValidationProblemAsync(response, "after");
    }

    [Test]
    public async Task AHandMadeCursorIsA400WhateverItClaims()
    {
        var forged = new byte[41];
        forged[0] = 2;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(forged.AsSpan(1), long.MaxValue);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(forged.AsSpan(17), DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeMilliseconds());
        using var response = await Client.GetAsync($"/changes?after={ToBase64Url(forged)}");
        await AssertValidationProblemAsync(response, "after");
    }

    [Test]
    public async Task ACursorOfTheFormatIssuedBeforeCursorsWereBoundIsA410SoAppsStartAgain()
    {
        await CreateAsync("expenses", new { description = "mine", amount = 1 });
        var legacy = new byte[25];
        legacy[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(legacy.AsSpan(1), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(legacy.AsSpan(17), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        using var response = await Client.GetAsync($"/changes?after={ToBase64Url(legacy)}");
        var problem = await AssertProblemAsync(response, HttpStatusCode.Gone);
        Assert.That((string?)problem["detail"], Does.Contain("Start again without 'after'"));
    }

    [Test]
    public async Task ACursorIssuedByOneReplicaOpensOnAnotherWithTheSameSigningKey()
    {
        await CreateAsync("expenses", new { description = "mine", amount = 1 });
        using var page = await Client.GetAsync("/changes");
        var next = (string)(await ReadObjectAsync(page))["next"]!;
        await using var replica = Factory.WithWebHostBuilder(_ => { });
        using var client = replica.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Owner.AccessToken);
        using var response = await client.GetAsync($"/changes?after={next}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64 + new string('=', (4 - (base64.Length % 4)) % 4));
    }

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Test]
    public async Task ACursorOlderThanTheRetentionIsA410AndStartingAgainWorks()
    {
        await CreateAsync("incomes", new { description = "Old", amount = 1 });
        using var api = OneDayRetention();
        var client = await OwnerOnAsync(api);
        var cursor = (string)(await ReadObjectAsync(await client.GetAsync("/changes")))["next"]!;
        Factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        client = await OwnerOnAsync(api);

        using var stale = await client.GetAsync($"/changes?after={cursor}");
        var problem = await AssertProblemAsync(stale, HttpStatusCode.Gone);
        Assert.That((string?)problem["detail"], Does.Contain("without 'after'"));
        using var fresh = await client.GetAsync("/changes");
        Assert.That((await ReadObjectAsync(fresh))["changes"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ACursorWithinTheRetentionStaysValid()
    {
        using var api = OneDayRetention();
        var client = await OwnerOnAsync(api);
        var cursor = (string)(await ReadObjectAsync(await client.GetAsync("/changes")))["next"]!;
        Factory.Clock.Advance(TimeSpan.FromHours(23));
        client = await OwnerOnAsync(api);
        using var response = await client.GetAsync($"/changes?after={cursor}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task WhileMorePagesWaitTheNextCursorKeepsTheAgeOfTheFirst()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync("incomes", new { description = $"i{i}", amount = 1 });
        }

        using var api = OneDayRetention();
        var client = await OwnerOnAsync(api);
        var start = (string)(await ReadObjectAsync(await client.GetAsync("/changes?limit=1")))["next"]!;
        Factory.Clock.Advance(TimeSpan.FromHours(16));
        client = await OwnerOnAsync(api);
        using var second = await client.GetAsync($"/changes?after={start}&limit=1");
        var next = (string)(await ReadObjectAsync(second))["next"]!;
        Factory.Clock.Advance(TimeSpan.FromHours(9));
        client = await OwnerOnAsync(api);

        // 25 hours after the first page: the delete markers this follower needs may be gone.
        using var third = await client.GetAsync($"/changes?after={next}&limit=1");
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
    }

    [Test]
    [NonParallelizable] // the purge deletes what has expired for every user, by the real clock
    public async Task DeleteMarkersPastTheirLifetimeArePurgedAndYoungerOnesStay()
    {
        var gone = await CreateAsync("incomes", new { description = "Gone", amount = 1 });
        using (await Client.DeleteAsync($"/incomes/{gone.Id}"))
        {
        }

        await using var db = TestDatabase.Inspect();
        await db.PurgeAsync(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), TimeSpan.FromDays(91), CancellationToken.None);
        Assert.That(await db.DeletedTransactions.CountAsync(d => d.Id == gone.Id), Is.EqualTo(1));
        await db.PurgeAsync(DateTimeOffset.UtcNow.AddDays(92), TimeSpan.FromDays(30), TimeSpan.FromDays(91), CancellationToken.None);
        Assert.That(await db.DeletedTransactions.CountAsync(d => d.Id == gone.Id), Is.Zero);
    }

    [Test]
    public async Task AChangeFeedNeedsCredentials()
    {
        using var response = await Anonymous.GetAsync("/changes");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    /// <summary>The API with <c>Changes__RetentionDays=1</c>, on the same database and clock.</summary>
    private WebApplicationFactory<Program> OneDayRetention() =>
        Factory.WithWebHostBuilder(b => b.UseSetting("Changes:RetentionDays", "1"));

    private async Task<HttpClient> OwnerOnAsync(WebApplicationFactory<Program> api)
    {
        var client = Track(api.CreateClient());
        using var login = await client.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        var token = (string)(await ReadObjectAsync(login))["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonObject> ChangesAsync(string? after, int? limit = null)
    {
        var query = new List<string>();
        if (after is not null)
        {
            query.Add($"after={after}");
        }

        if (limit is not null)
        {
            query.Add($"limit={limit}");
        }

        using var response = await Client.GetAsync("/changes" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private static string Cursor(HttpResponseMessage response)
    {
        Assert.That(response.IsSuccessStatusCode, Is.True, response.StatusCode.ToString());
        return response.Headers.GetValues(ChangeCursor.HeaderName).Single();
    }

    private static IEnumerable<string> OpsAndIds(JsonObject page) =>
        page["changes"]!.AsArray().Select(c => $"{(string)c!["op"]!} {(string?)c["id"] ?? (string)c["transaction"]!["id"]!}");
}
