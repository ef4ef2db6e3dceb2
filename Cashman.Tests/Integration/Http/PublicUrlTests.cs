using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Cashman.Tests.Integration.Http;

/// <summary>
/// Absolute URLs in answers come from <c>PublicBaseUrl</c>; a forged <c>Host</c> header never reaches a response or a
/// stored idempotent answer. Only Development, with no base URL set, falls back to the request's host.
/// </summary>
public sealed class PublicUrlTests : IntegrationTest
{
    private const string Forged = "evil.example";

    [Test]
    public async Task LocationOfACreateComesFromThePublicBaseUrlNotTheHostHeader()
    {
        using var response = await Client.SendAsync(Forge(HttpMethod.Post, "/incomes", new { description = "x", amount = 1 }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.Location!.AbsoluteUri, Does.StartWith(CashmanApiFactory.PublicBaseUrl + "/incomes/"));
    }

    [Test]
    public async Task ListLinksAndLinkHeaderComeFromThePublicBaseUrl()
    {
        await CreateAsync("expenses", new { description = "a", amount = 1 });
        await CreateAsync("expenses", new { description = "b", amount = 1 });
        using var response = await Client.SendAsync(Forge(HttpMethod.Get, "/expenses?pageSize=1&page=2"));
        var body = await response.Content.ReadAsStringAsync();
        var link = string.Join(",", response.Headers.GetValues("Link"));
        Assert.That(body + link, Does.Not.Contain(Forged));
        var links = (await ReadObjectAsync(response))["links"]!.AsObject();
        foreach (var rel in new[] { "self", "first", "prev", "last" })
        {
            Assert.That((string)links[rel]!, Does.StartWith(CashmanApiFactory.PublicBaseUrl + "/expenses?"), rel);
        }

        Assert.That(link, Does.Contain($"<{CashmanApiFactory.PublicBaseUrl}/expenses?page=1&pageSize=1>; rel=\"first\""));
    }

    [Test]
    public async Task AnIdempotentReplayNeverServesAForgedHost()
    {
        using var first = await Client.SendAsync(Forge(HttpMethod.Post, "/incomes", new { description = "x", amount = 1 }, "key-1"));
        using var replay = await Client.SendAsync(Forge(HttpMethod.Post, "/incomes", new { description = "x", amount = 1 }, "key-1", "other.example"));
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Headers.Location!.AbsoluteUri, Does.StartWith(CashmanApiFactory.PublicBaseUrl));
            Assert.That(replay.Headers.Location, Is.EqualTo(first.Headers.Location));
        }
    }

    [Test]
    public async Task RegisterAndApiKeyLocationsComeFromThePublicBaseUrl()
    {
        using var register = await Anonymous.SendAsync(Forge(HttpMethod.Post, "/auth/register", new { email = Email("new"), password = Password }));
        using var key = await Client.SendAsync(Forge(HttpMethod.Post, "/auth/api-keys", new { name = "k" }));
        Assert.That(register.Headers.Location!.AbsoluteUri, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/auth/me"));
        Assert.That(key.Headers.Location!.AbsoluteUri, Is.EqualTo(CashmanApiFactory.PublicBaseUrl + "/auth/api-keys"));
    }

    [Test]
    public async Task APublicBaseUrlWithAPathPrefixesEveryLink()
    {
        await using var host = Factory.WithWebHostBuilder(b => b.UseSetting("PublicBaseUrl", "https://money.example.com/cashman/"));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Owner.AccessToken);
        using var response = await client.PostAsJsonAsync("/incomes", new { description = "x", amount = 1 });
        Assert.That(response.Headers.Location!.AbsoluteUri, Does.StartWith("https://money.example.com/cashman/incomes/"));
    }

    [Test]
    public async Task WithoutAPublicBaseUrlOutsideDevelopmentLinksPointAtTheLocalDefaultAndTheStartSaysSo()
    {
        using var logs = new LogCapture();
        await using var host = Factory.WithWebHostBuilder(b => b.UseSetting("PublicBaseUrl", string.Empty).ConfigureLogging(l => l.AddProvider(logs)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Owner.AccessToken);
        using var response = await client.SendAsync(Forge(HttpMethod.Post, "/incomes", new { description = "x", amount = 1 }));
        Assert.That(response.Headers.Location!.AbsoluteUri, Does.StartWith("http://localhost:5000/incomes/"));
        Assert.That(logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message), Has.Some.Contain("PublicBaseUrl is not set"));
    }

    [Test]
    public async Task InDevelopmentWithoutAPublicBaseUrlTheRequestHostIsUsed()
    {
        await using var host = Factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("PublicBaseUrl", string.Empty);
            b.UseSetting("Seed:DemoData", "false");
        });
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Owner.AccessToken);
        using var response = await client.PostAsJsonAsync("/incomes", new { description = "x", amount = 1 });
        Assert.That(response.Headers.Location!.AbsoluteUri, Does.StartWith("http://localhost/incomes/"));
    }

    [TestCase("not a url")]
    [TestCase("ftp://example.com")]
    [TestCase("https://example.com/?q=1")]
    public void AnInvalidPublicBaseUrlStopsTheStart(string value)
    {
        using var host = Factory.WithWebHostBuilder(b => b.UseSetting("PublicBaseUrl", value));
        Assert.That(() => host.CreateClient(), Throws.Exception.With.Message.Contain("PublicBaseUrl"));
    }

    private static HttpRequestMessage Forge(HttpMethod method, string path, object? body = null, string? idempotencyKey = null, string host = Forged)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Host = host;
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
