using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Security;

/// <summary>
/// SPEC "Operations": <c>ForwardedHeaders__KnownProxies</c> / <c>KnownNetworks</c> name the reverse proxies whose
/// <c>X-Forwarded-For</c> is believed, none by default; the per-address sign-in budget then counts each real client.
/// </summary>
public sealed class ForwardedHeadersTests : IntegrationTest
{
    private const string Proxy = "10.1.2.3";

    [TestCase("ForwardedHeaders:KnownProxies", Proxy)]
    [TestCase("ForwardedHeaders:KnownNetworks", "10.1.0.0/16")]
    public async Task BehindATrustedProxyTwoClientsHaveABudgetEach(string setting, string value)
    {
        var statuses = await SignInsAsync(Proxy, (setting, value));
        Assert.That(statuses["203.0.113.1"], Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.That(statuses["203.0.113.2"], Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task AnUntrustedPeersForwardedForIsIgnoredSoItsClientsShareOneBudget()
    {
        var statuses = await SignInsAsync("198.51.100.7", ("ForwardedHeaders:KnownProxies", Proxy));
        Assert.That(statuses["203.0.113.1"].Take(2), Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses["203.0.113.2"], Is.All.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    [TestCase("10.1.2.3")]
    public async Task NothingIsTrustedByDefaultNotEvenLoopback(string peer)
    {
        var statuses = await SignInsAsync(peer);
        Assert.That(statuses["203.0.113.2"], Is.All.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [TestCase("ten-dot-one", null, "KnownProxies")]
    [TestCase(null, "10.0.0.0/40", "KnownNetworks")]
    [TestCase(null, "10.0.0.1", "KnownNetworks")]
    public void AProxyOrNetworkThatIsNotOneIsRefusedAtStart(string? proxies, string? networks, string member)
    {
        var settings = new Cashman.Api.Http.ForwardedHeadersSettings { KnownProxies = proxies, KnownNetworks = networks };
        var results = settings.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(settings)).ToList();
        Assert.That(results.SelectMany(r => r.MemberNames), Is.EqualTo(new[] { member }));
    }

    [TestCase(Proxy, "https")]
    [TestCase("198.51.100.7", "http")]
    public async Task OnlyATrustedProxySaysTheBrowserUsedHttps(string peer, string scheme)
    {
        await using var host = Factory.WithWebHostBuilder(b => b
            .UseSetting("ForwardedHeaders:KnownProxies", Proxy)
            .ConfigureTestServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new PeerAddress(IPAddress.Parse(peer)))));
        using var client = host.CreateClient(new() { BaseAddress = new Uri("http://cashman.test"), AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        // The web client's sign-in redirect is built from the scheme the request is believed to have come in on.
        Assert.That(response.Headers.Location?.Scheme, Is.EqualTo(scheme));
    }

    /// <summary>Three failed sign-ins for each of two clients, all through a peer at <paramref name="peer"/>, with a budget of 2.</summary>
    private async Task<Dictionary<string, List<HttpStatusCode>>> SignInsAsync(string peer, params (string Key, string Value)[] settings)
    {
        await using var host = Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimiting:AuthPerMinute", "2");
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureTestServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new PeerAddress(IPAddress.Parse(peer))));
        });
        using var client = host.CreateClient();
        var statuses = new Dictionary<string, List<HttpStatusCode>>();
        foreach (var address in new[] { "203.0.113.1", "203.0.113.2" })
        {
            statuses[address] = [];
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = JsonContent.Create(new { email = Email("x"), password = "wrong-password" }) };
                request.Headers.Add("X-Forwarded-For", address);
                using var response = await client.SendAsync(request);
                statuses[address].Add(response.StatusCode);
            }
        }

        return statuses;
    }

    /// <summary>The test server has no socket: this sets the address of the peer that connected, before the API's pipeline.</summary>
    private sealed class PeerAddress(IPAddress address) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}
