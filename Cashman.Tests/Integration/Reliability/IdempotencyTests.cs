using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cashman.Api.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cashman.Tests.Integration.Reliability;

/// <summary>POST with an Idempotency-Key is carried out once per user and key for 24 hours, and replayed after.</summary>
public sealed class IdempotencyTests : IntegrationTest
{
    private static readonly object Salary = new { description = "Salary", amount = 5000, category = "work", occurredOn = "2026-03-01" };

    [TestCase("incomes")]
    [TestCase("expenses")]
    public async Task SameKeyAndBodyReplaysTheOriginalResponseWithoutASecondRow(string kind)
    {
        using var first = await PostAsync(Client, kind, "key-1", Salary);
        using var replay = await PostAsync(Client, kind, "key-1", Salary);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(replay.Headers.Location, Is.EqualTo(first.Headers.Location).And.Not.Null);
            Assert.That(replay.Headers.ETag, Is.EqualTo(first.Headers.ETag).And.Not.Null);
            Assert.That(replay.Content.Headers.ContentType, Is.EqualTo(first.Content.Headers.ContentType));
            Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
            Assert.That(first.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        }

        Assert.That(await CountTransactionsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task AnAnswerStoredBeforeTheUpgradeIsStillReplayedForTheSameRequest()
    {
        // An answer as the service stored it before the [Idempotent] filter: the request identified by the kind's name
        // and the body alone ("POST Income\n" + the body as the API reads it).
        var created = await CreateAsync("incomes", Salary);
        using var original = await Client.GetAsync($"/incomes/{created.Id}");
        var json = Factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Mvc.JsonOptions>>().Value.JsonSerializerOptions;
        var request = new TransactionRequest { Description = "Salary", Amount = 5000m, Category = "work", OccurredOn = new DateOnly(2026, 3, 1) };
        var now = Factory.Clock.GetUtcNow();
        await using (var db = TestDatabase.Inspect())
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                UserId = OwnerId,
                Key = "before-upgrade",
                RequestHash = SHA256.HashData(Encoding.UTF8.GetBytes("POST Income\n" + JsonSerializer.Serialize(request, json))),
                StatusCode = 201,
                Location = $"/incomes/{created.Id}",
                ETag = original.Headers.ETag!.Tag,
                Body = await original.Content.ReadAsStringAsync(),
                CreatedAt = now,
                ExpiresAt = now.AddHours(24),
            });
            await db.SaveChangesAsync();
        }

        using var retry = await PostAsync(Client, "incomes", "before-upgrade", Salary);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Created), await retry.Content.ReadAsStringAsync());
            Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(retry.Headers.Location!.AbsoluteUri, Is.EqualTo($"{CashmanApiFactory.PublicBaseUrl}/incomes/{created.Id}"));
            Assert.That(retry.Headers.ETag, Is.EqualTo(original.Headers.ETag));
        }

        Assert.That(await CountTransactionsAsync(), Is.EqualTo(1), "nothing new was stored");
        using var other = await PostAsync(Client, "incomes", "before-upgrade", new { description = "Bonus", amount = 1 });
        await AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public async Task ResponseWithAKeyHasTheSameShapeAsWithout()
    {
        using var withKey = await PostAsync(Client, "incomes", "shape", Salary);
        using var withoutKey = await Client.PostAsJsonAsync("/incomes", Salary);
        var keyed = (await withKey.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
        var plain = (await withoutKey.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(withKey.Headers.Location, Is.EqualTo(new Uri($"{CashmanApiFactory.PublicBaseUrl}/incomes/{keyed.Id}")));
            Assert.That(withoutKey.Headers.Location, Is.EqualTo(new Uri($"{CashmanApiFactory.PublicBaseUrl}/incomes/{plain.Id}")));
            Assert.That(keyed with { Id = plain.Id, CreatedAt = plain.CreatedAt, UpdatedAt = plain.UpdatedAt }, Is.EqualTo(plain));
            Assert.That(withKey.Content.Headers.ContentType, Is.EqualTo(withoutKey.Content.Headers.ContentType));
        }
    }

    [Test]
    public async Task SameKeyWithADifferentBodyIsA422AndStoresNothing()
    {
        using var first = await PostAsync(Client, "incomes", "key-1", Salary);
        using var different = await PostAsync(Client, "incomes", "key-1", new { description = "Salary", amount = 5001, category = "work", occurredOn = "2026-03-01" });
        await AssertProblemAsync(different, HttpStatusCode.UnprocessableEntity);
        Assert.That(await CountTransactionsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task SameKeyOnTheOtherKindIsA422()
    {
        using var first = await PostAsync(Client, "incomes", "key-1", Salary);
        using var other = await PostAsync(Client, "expenses", "key-1", Salary);
        await AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.That(await CountTransactionsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task KeysArePerUser()
    {
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        using var mine = await PostAsync(Client, "incomes", "shared-key", Salary);
        using var theirs = await PostAsync(other, "incomes", "shared-key", Salary);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(theirs.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(theirs.Headers.Location, Is.Not.EqualTo(mine.Headers.Location));
        }

        Assert.That(await CountTransactionsAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task QuotedKeyIsTheSameKeyAsBare()
    {
        using var bare = await PostAsync(Client, "incomes", "abc-123", Salary);
        using var quoted = await PostAsync(Client, "incomes", "\"abc-123\"", Salary);
        Assert.That(quoted.Headers.Location, Is.EqualTo(bare.Headers.Location));
        Assert.That(await CountTransactionsAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task TwentyConcurrentRequestsWithOneNewKeyCreateExactlyOneRow()
    {
        const int Requests = 20;
        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => PostAsync(Client, "expenses", "racing-key", Salary)));
        try
        {
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Created), string.Join(",", statuses));
            Assert.That(responses.Select(r => r.Headers.Location).Distinct().Count(), Is.EqualTo(1));
            Assert.That(responses.Count(r => !r.Headers.Contains("Idempotent-Replayed")), Is.EqualTo(1));
        }
        finally
        {
            DisposeAll(responses);
        }

        Assert.That(await CountTransactionsAsync(), Is.EqualTo(1));
        using var balance = await Client.GetAsync("/balance");
        Assert.That((decimal)(await ReadObjectAsync(balance))["totalExpenses"]!, Is.EqualTo(-5000m));
    }

    [Test]
    public async Task KeyIsRememberedForTwentyFourHoursAndThenForgotten()
    {
        using var first = await PostAsync(Client, "incomes", "daily", Salary);
        Factory.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(5));
        using var withinRetention = await PostAsync(await LoggedInAgainAsync(), "incomes", "daily", Salary);
        Assert.That(withinRetention.Headers.Location, Is.EqualTo(first.Headers.Location));

        Factory.Clock.Advance(TimeSpan.FromSeconds(10));
        using var afterRetention = await PostAsync(await LoggedInAgainAsync(), "incomes", "daily", Salary);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterRetention.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(afterRetention.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(afterRetention.Headers.Location, Is.Not.EqualTo(first.Headers.Location));
        }

        Assert.That(await CountTransactionsAsync(), Is.EqualTo(2));
    }

    [Test]
    [NonParallelizable] // the background purge deletes what has expired for every user
    public async Task ExpiredKeysAreCleanedUpInTheBackgroundAndLiveOnesKept()
    {
        await using var purging = WithPurge();
        using var old = await PostAsync(Client, "incomes", "old", Salary);
        Factory.Clock.Advance(TimeSpan.FromHours(23));
        using var recent = await PostAsync(await LoggedInAgainAsync(), "incomes", "recent", Salary);
        Assert.That(await KeysAsync(), Is.EquivalentTo(new[] { "old", "recent" }));

        // Past the first key's retention, but not the second's; the hourly cleanup fires on the advanced clock.
        Factory.Clock.Advance(TimeSpan.FromHours(2));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await KeysAsync() is { Count: > 1 } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That(await KeysAsync(), Is.EqualTo(new[] { "recent" }));
        Assert.That(await CountTransactionsAsync(), Is.EqualTo(2), "cleanup forgets keys, never transactions");
    }

    [TestCase("has space")]
    [TestCase("caf\u00e9")]
    [TestCase("\"\"")]
    public async Task MalformedKeyIsA400NamingTheHeaderAndStoresNothing(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(Salary) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await Client.SendAsync(request);
        await AssertValidationProblemAsync(response, "Idempotency-Key");
        Assert.That(await CountTransactionsAsync(), Is.Zero);
    }

    [Test]
    public async Task KeyOf255CharactersIsAcceptedAnd256IsNot()
    {
        using var longest = await PostAsync(Client, "incomes", new string('k', 255), Salary);
        Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var tooLong = await PostAsync(Client, "incomes", new string('k', 256), Salary);
        await AssertValidationProblemAsync(tooLong, "Idempotency-Key");
    }

    [Test]
    public async Task InvalidBodyWithAKeyIsA400AndDoesNotUseUpTheKey()
    {
        using var invalid = await PostAsync(Client, "incomes", "fix-and-retry", new { description = "Salary", amount = -1 });
        await AssertValidationProblemAsync(invalid, "amount");
        using var valid = await PostAsync(Client, "incomes", "fix-and-retry", Salary);
        Assert.That(valid.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(valid.Headers.Contains("Idempotent-Replayed"), Is.False);
    }

    [Test]
    public async Task DomainRuleFailureWithAKeyIsA400AndStoresNoKey()
    {
        using var invalid = await PostAsync(Client, "incomes", "domain-rule", new { description = "Salary", amount = 10.001 });
        await AssertValidationProblemAsync(invalid, "amount");
        Assert.That(await KeysAsync(), Is.Empty);
    }

    /// <summary>A client with a new access token, for after the clock has moved past the old one's lifetime.</summary>
    private async Task<HttpClient> LoggedInAgainAsync() => ClientWithToken((await LoginAsync(OwnerEmail)).AccessToken);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string kind, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{kind}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private Task<long> CountTransactionsAsync() => CountTestRowsAsync("transactions");

    private async Task<List<string>> KeysAsync()
    {
        var owners = await TestUserIdsAsync();
        await using var db = TestDatabase.Inspect();
        return await db.IdempotencyRecords.Where(r => owners.Contains(r.UserId)).Select(r => r.Key).ToListAsync();
    }
}
