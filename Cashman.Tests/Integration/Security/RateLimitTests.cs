using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;

namespace Cashman.Tests.Integration.Security;

/// <summary>Login, register and refresh share a per-address budget (3 a minute here; 10 by default).</summary>
public sealed class RateLimitTests : IntegrationTest
{
    [TestCase("/auth/login")]
    [TestCase("/auth/register")]
    [TestCase("/auth/refresh")]
    public async Task AuthEndpointOverItsBudgetIsA429ProblemWithRetryAfter(string path)
    {
        await using var limited = Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:AuthPerMinute", "3"));
        using var client = limited.CreateClient();
        var body = new { email = OwnerEmail, password = "wrong-password", refreshToken = "x" };
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsJsonAsync(path, body);
            Assert.That(allowed.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        }

        using var rejected = await client.PostAsJsonAsync(path, body);
        await AssertProblemAsync(rejected, HttpStatusCode.TooManyRequests);
        Assert.That(rejected.Headers.RetryAfter?.Delta, Is.Not.Null);
        Assert.That(rejected.Headers.RetryAfter!.Delta!.Value.TotalSeconds, Is.InRange(1, 60));
    }

    [Test]
    public async Task DefaultBudgetIsTenAMinute()
    {
        await using var defaults = new CashmanApiFactory(TestDatabase.ConnectionString, shippedDefaults: true);
        using var client = defaults.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await client.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = "wrong-password" });
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses.Take(10), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses[10], Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task DevelopmentAllowsAThousandSoExploringDoesNotHitTheLimit()
    {
        await using var defaults = new CashmanApiFactory(TestDatabase.ConnectionString, shippedDefaults: true);
        await using var development = defaults.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Seed:DemoData", "false");
        });
        using var client = development.CreateClient();
        using var response = await client.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = "wrong-password" });
        Assert.That(response.Headers.GetValues("RateLimit-Policy").Single(), Is.EqualTo("\"per-address\";q=1000;w=60"));
    }

    [Test]
    public async Task OtherEndpointsAreNotLimited()
    {
        await using var limited = Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:AuthPerMinute", "1"));
        using var client = limited.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/health/live");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task AuthAnswersTellTheAddressBudgetAndWhatIsLeft()
    {
        await using var limited = Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:AuthPerMinute", "3"));
        using var client = limited.CreateClient();
        using var first = await client.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        using var second = await client.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = "wrong-password" });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Headers.GetValues("RateLimit-Policy").Single(), Is.EqualTo("\"per-address\";q=3;w=60"));
            Assert.That(first.Headers.GetValues("RateLimit").Single(), Does.StartWith("\"per-address\";r=2;t="));
            Assert.That(second.Headers.GetValues("RateLimit").Single(), Does.StartWith("\"per-address\";r=1;t="));
        }
    }

    [Test]
    public async Task PasswordChangeCountsAgainstBothTheAddressAndTheAccountBudget()
    {
        using var response = await Client.PostAsJsonAsync("/auth/password", new { currentPassword = "wrong-password", newPassword = "long-enough-password" });
        Assert.That(response.Headers.GetValues("RateLimit-Policy").Single(), Does.StartWith("\"per-address\";q=").And.Contain(", \"per-user\";q="));
    }
}
