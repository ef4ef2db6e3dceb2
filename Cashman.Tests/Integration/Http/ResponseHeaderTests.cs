using System.Net;
using System.Net.Http.Json;

namespace Cashman.Tests.Integration.Http;

/// <summary>
/// Every answer has <c>X-Content-Type-Options: nosniff</c> and no cacheable copy of anything: <c>Cache-Control: no-store</c>
/// on data, tokens and keys (and everything else). The <c>Server</c> header is tested on the real process, where Kestrel sends it.
/// </summary>
public sealed class ResponseHeaderTests : IntegrationTest
{
    [Test]
    public async Task TokenResponsesAreNotStored()
    {
        using var login = await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        using var refresh = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken });
        AssertHardened(login);
        AssertHardened(refresh);
    }

    [Test]
    public async Task KeyAndDataResponsesAreNotStored()
    {
        using var key = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "k" });
        using var created = await Client.PostAsJsonAsync("/incomes", new { description = "x", amount = 1 });
        using var list = await Client.GetAsync("/transactions");
        using var one = await Client.GetAsync(created.Headers.Location);
        using var balance = await Client.GetAsync("/balance");
        using var me = await Client.GetAsync("/auth/me");
        foreach (var response in new[] { key, created, list, one, balance, me })
        {
            AssertHardened(response);
        }
    }

    [TestCase("/")]
    [TestCase("/health/live")]
    [TestCase("/nope")]
    [TestCase("/incomes")]
    public async Task EveryAnswerHasNosniffAndNoStore(string path)
    {
        using var response = await Anonymous.GetAsync(path);
        AssertHardened(response);
    }

    private static void AssertHardened(HttpResponseMessage response)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, response.RequestMessage?.RequestUri?.ToString());
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.Contains("Server"), Is.False);
        }
    }
}
