using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cashman.Tests.Integration.Security;

/// <summary>
/// Every authenticated endpoint counts against the caller's budget (3 a minute here, 600 by default) and says where the
/// caller stands in the IETF RateLimit-Policy and RateLimit header fields; over it, a 429 problem with Retry-After.
/// </summary>
public sealed class CallerRateLimitTests : IntegrationTest
{
    private WebApplicationFactory<Program> _limited = null!;

    [SetUp]
    public void StartLimitedApi()
    {
        // Start at a known point of the minute: 20 s in.
        var now = Factory.Clock.GetUtcNow();
        Factory.Clock.Advance(TimeSpan.FromSeconds(80) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute));
        _limited = Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:PerUserPerMinute", "3"));
    }

    [TearDown]
    public async Task StopLimitedApiAsync() => await _limited.DisposeAsync();

    [Test]
    public async Task EachAuthenticatedAnswerTellsTheQuotaAndWhatIsLeft()
    {
        using var client = Limited(Owner.AccessToken);
        var states = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/incomes");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("RateLimit-Policy"), Is.EqualTo(new[] { "\"per-user\";q=3;w=60" }));
            states.Add(response.Headers.GetValues("RateLimit").Single());
        }

        Assert.That(states, Is.EqualTo(new[] { "\"per-user\";r=2;t=40", "\"per-user\";r=1;t=40", "\"per-user\";r=0;t=40" }));
    }

    [Test]
    public async Task OverTheBudgetIsA429ProblemWithRetryAfterUntilTheNextMinute()
    {
        using var client = Limited(Owner.AccessToken);
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/balance")).Dispose();
        }

        using var rejected = await client.PostAsync("/incomes", JsonBody("{\"description\":\"x\",\"amount\":1}"));
        var problem = await AssertProblemAsync(rejected, HttpStatusCode.TooManyRequests);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(40)));
            Assert.That(rejected.Headers.GetValues("RateLimit").Single(), Is.EqualTo("\"per-user\";r=0;t=40"));
            Assert.That((string)problem["type"]!, Is.EqualTo("https://tools.ietf.org/html/rfc6585#section-4"));
        }

        var list = await ReadObjectAsync(await Client.GetAsync("/incomes"));
        Assert.That((int)list["totalItems"]!, Is.Zero, "the rejected POST stored nothing");

        Factory.Clock.Advance(TimeSpan.FromSeconds(40));
        using var nextMinute = await client.GetAsync("/incomes");
        Assert.That(nextMinute.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(nextMinute.Headers.GetValues("RateLimit").Single(), Is.EqualTo("\"per-user\";r=2;t=60"));
    }

    [Test]
    public async Task TheBudgetIsPerAccountWhateverTheCredential()
    {
        using var keyResponse = await Client.PostAsync("/auth/api-keys", JsonBody("{\"name\":\"k\"}"));
        var key = (string)(await ReadObjectAsync(keyResponse))["key"]!;
        using var byToken = Limited(Owner.AccessToken);
        using var byKey = _limited.CreateClient();
        byKey.DefaultRequestHeaders.Add("X-API-Key", key);
        (await byToken.GetAsync("/incomes")).Dispose();
        (await byKey.GetAsync("/incomes")).Dispose();
        (await byToken.GetAsync("/incomes")).Dispose();
        using var fourth = await byKey.GetAsync("/incomes");
        Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        var other = await RegisterAndLoginAsync(Email("other"));
        using var otherClient = Limited(other.AccessToken);
        using var otherResponse = await otherClient.GetAsync("/incomes");
        Assert.That(otherResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another account has its own budget");
    }

    [TestCase("/health/live")]
    [TestCase("/")]
    public async Task AnonymousEndpointsNeitherCountNorCarryTheHeaders(string path)
    {
        using var client = Limited(Owner.AccessToken);
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.Contains("RateLimit"), Is.False);
        }

        using var counted = await client.GetAsync("/incomes");
        Assert.That(counted.Headers.GetValues("RateLimit").Single(), Does.StartWith("\"per-user\";r=2;"));
    }

    [Test]
    public async Task RejectedCredentialsDoNotCount()
    {
        using var bad = Limited("not-a-token");
        for (var i = 0; i < 5; i++)
        {
            using var response = await bad.GetAsync("/incomes");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var good = Limited(Owner.AccessToken);
        using var first = await good.GetAsync("/incomes");
        Assert.That(first.Headers.GetValues("RateLimit").Single(), Does.StartWith("\"per-user\";r=2;"));
    }

    [Test]
    public async Task DefaultBudgetIsSixHundredAMinute()
    {
        await using var defaults = new CashmanApiFactory(TestDatabase.ConnectionString, shippedDefaults: true);
        using var client = defaults.CreateClient();
        using var login = await client.PostAsync("/auth/login", JsonBody($"{{\"email\":\"{OwnerEmail}\",\"password\":\"{Password}\"}}"));
        var token = (string)(await ReadObjectAsync(login))["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/auth/me");
        Assert.That(response.Headers.GetValues("RateLimit-Policy").Single(), Is.EqualTo("\"per-user\";q=600;w=60"));
    }

    private HttpClient Limited(string accessToken)
    {
        var client = Track(_limited.CreateClient());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
