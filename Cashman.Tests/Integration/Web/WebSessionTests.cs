using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Web;
using Microsoft.AspNetCore.Hosting;

namespace Cashman.Tests.Integration.Web;

/// <summary>The web client's session: a cookie bound to a login, accepted by the pages only, ended like any login.</summary>
public sealed class WebSessionTests : WebTest
{
    [Test]
    public async Task SigningInSetsAnHttpOnlyStrictSecureCookieForThePagesOnly()
    {
        var browser = NewBrowser();
        await browser.GetAsync("/app/login");
        var signedIn = await browser.PostAsync("/app/login", [new("Email", OwnerEmail), new("Password", Password)]);

        Assert.That(signedIn.Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(signedIn.Location, Is.EqualTo("/app"));
        var cookie = SetCookies(signedIn.Response)[WebSession.CookieName].ToLowerInvariant();
        Assert.That(cookie, Does.Contain("httponly").And.Contain("samesite=strict").And.Contain("secure").And.Contain("path=/app"));
        Assert.That(cookie, Does.Not.Contain("expires="), "a session cookie: it ends with the browser, or sooner with its login");
    }

    [Test]
    public async Task AWrongPasswordAndAnUnknownEmailGetTheSameAnswerAndNoCookie()
    {
        var browser = NewBrowser();
        await browser.GetAsync("/app/login");
        var wrong = await browser.PostAsync("/app/login", [new("Email", OwnerEmail), new("Password", "not-the-password")]);
        var unknown = await browser.PostAsync("/app/login", [new("Email", Email("nobody")), new("Password", "not-the-password")]);

        Assert.That(wrong.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.TextOf("main"), Is.EqualTo(unknown.TextOf("main")));
        Assert.That(SetCookies(wrong.Response), Does.Not.ContainKey(WebSession.CookieName));
        Assert.That((await browser.GetAsync("/app")).Status, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task PagesSendASignedOutBrowserToTheSignInPageAndBack()
    {
        var page = await NewBrowser().GetAsync("/app/transactions?q=rent");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Location, Does.StartWith("https://localhost/app/login?returnUrl=%2Fapp%2Ftransactions"));
    }

    [TestCase("/app/transactions", "/app/transactions")]
    [TestCase("/app?month=2026-01", "/app?month=2026-01")]
    [TestCase("https://evil.example/app", "/app")]
    [TestCase("//evil.example/app", "/app")]
    [TestCase("/app//evil.example", "/app")]
    [TestCase("/application", "/app")]
    [TestCase("/swagger", "/app")]
    [TestCase("/app/\\evil.example", "/app")]
    public async Task AfterSigningInOnlyAPageOfTheClientIsReturnedTo(string returnUrl, string expected)
    {
        var browser = NewBrowser();
        await browser.GetAsync("/app/login");
        var signedIn = await browser.PostAsync("/app/login", [new("Email", OwnerEmail), new("Password", Password), new("ReturnUrl", returnUrl)]);

        Assert.That(signedIn.Location, Is.EqualTo(expected));
    }

    [Test]
    public async Task SigningOutEndsTheLoginSoTheOldCookieOpensNothing()
    {
        var browser = await SignInAsync();
        var cookie = CookieHeader(browser);
        await browser.GetAsync("/app");

        var signedOut = await browser.PostAsync("/app/logout", []);
        Assert.That(signedOut.Location, Is.EqualTo("/app/login"));

        // The same cookie, replayed as it was, belongs to an ended login.
        Assert.That((await WithCookie(cookie, "/app")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task APasswordChangeThroughTheApiEndsTheWebLogin()
    {
        var browser = await SignInAsync();
        Assert.That((await browser.GetAsync("/app")).Status, Is.EqualTo(HttpStatusCode.OK));

        var changed = await Client.PostAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = "another-password-1" });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await browser.GetAsync("/app")).Status, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task APasswordChangeOnTheSettingsPageKeepsThisLoginAndEndsTheOthers()
    {
        var browser = await SignInAsync();
        var other = await SignInAsync();

        var changed = await browser.SubmitAsync("/app/settings", "/app/settings/password", ("CurrentPassword", Password), ("NewPassword", "another-password-1"));

        Assert.That(changed.TextOf("main"), Does.Contain("Password changed"));
        Assert.That((await other.GetAsync("/app")).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await Client.GetAsync("/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await browser.GetAsync("/app")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ErasingTheUserOnTheSettingsPageEndsEveryLoginAndForgetsTheUser()
    {
        var browser = await SignInAsync();
        var cookie = CookieHeader(browser);

        var wrong = await browser.SubmitAsync("/app/settings", "/app/settings/erase", ("Password", "not-the-password"));
        Assert.That(wrong.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Client.GetAsync("/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var erased = await browser.SubmitAsync("/app/settings", "/app/settings/erase", ("Password", Password));

        Assert.That(erased.TextOf("main"), Does.Contain("erased"));
        Assert.That((await WithCookie(cookie, "/app")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await Client.GetAsync("/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("/transactions")]
    [TestCase("/auth/me")]
    [TestCase("/balance")]
    public async Task TheJsonApiNeverAcceptsTheCookie(string path)
    {
        var browser = await SignInAsync();

        var answer = await WithCookie(CookieHeader(browser), path);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task ABearerTokenOrAnApiKeyDoesNotOpenThePages()
    {
        var key = await (await Client.PostAsJsonAsync("/auth/api-keys", new { name = "web" })).Content.ReadFromJsonAsync<Cashman.Api.Users.ApiKeyCreatedResponse>();
        foreach (var (header, value) in new[] { ("Authorization", "Bearer " + Owner.AccessToken), ("X-API-Key", key!.Key) })
        {
            var client = Track(Factory.CreateClient(PageClient.Options));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/app");
            request.Headers.Add(header, value);
            var page = await client.SendAsync(request);

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), header);
            Assert.That(page.Headers.Location?.AbsolutePath, Is.EqualTo("/app/login"), header);
        }
    }

    [Test]
    public async Task AForgedOrForeignCookieIsNoSession()
    {
        Assert.That((await WithCookie($"{WebSession.CookieName}=CfDJ8forged", "/app")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        // Another user's cookie shows that user's pages, never this one's: the cookie names its user and login.
        await RegisterAndLoginAsync(Email("other"));
        var other = await SignInAsync(Email("other"));
        Assert.That((await other.GetAsync("/app/settings")).TextOf("main"), Does.Contain(Email("other")).And.Not.Contain(OwnerEmail));
    }

    [Test]
    public async Task EveryFormIsRefusedWithoutItsAntiforgeryToken()
    {
        var browser = await SignInAsync();
        string[] forms =
        [
            "/app/logout", "/app/transactions/new", "/app/accounts", "/app/transfers", "/app/categories", "/app/recurring",
            "/app/import", "/app/settings", "/app/settings/api-keys", "/app/settings/password", "/app/settings/erase",
            $"/app/budgets/2026-03/{Guid.NewGuid()}", "/app/budgets/2026-03/copy",
        ];
        foreach (var form in forms)
        {
            var posted = await browser.PostAsync(form, [new("Name", "x")], withToken: false);
            Assert.That(posted.Status, Is.EqualTo(HttpStatusCode.BadRequest), form);
        }

        // A token of another browser's session is no token for this one.
        var other = NewBrowser();
        await other.GetAsync("/app/login");
        var signIn = await browser.PostAsync("/app/login", [new("Email", OwnerEmail), new("Password", Password), new("__RequestVerificationToken", other.Token!)], withToken: false);
        Assert.That(signIn.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Client.GetAsync("/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "nothing was changed");
    }

    [Test]
    public async Task EveryPageHasAContentSecurityPolicyWithoutInlineScriptAndOnlyItsOwnAssets()
    {
        var browser = await SignInAsync();
        foreach (var path in new[] { "/app", "/app/transactions", "/app/transactions/new", "/app/accounts", "/app/budgets", "/app/recurring", "/app/import", "/app/settings" })
        {
            var page = await browser.GetAsync(path);
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), path);
            var policy = page.Response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.That(policy, Does.Contain("script-src 'self'").And.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"), path);
            Assert.That(page.Response.Headers.CacheControl?.NoStore, Is.True, path);
            Assert.That(page.Html, Does.Not.Match("(src|href)=\"(https?:)?//").And.Not.Match("<script>").And.Not.Contain(" style="), path);
        }
    }

    [Test]
    public async Task AssetsAreServedByCashmanAndCachedByTheirVersionedLinks()
    {
        var page = await (await SignInAsync()).GetAsync("/app");
        var links = System.Text.RegularExpressions.Regex.Matches(page.Html, "(?:src|href)=\"(/app/assets/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.That(links, Has.Count.EqualTo(3), "the icon, the stylesheet and the script");
        foreach (var link in links)
        {
            var asset = await Anonymous.GetAsync(new Uri(link, UriKind.Relative));
            Assert.That(asset.StatusCode, Is.EqualTo(HttpStatusCode.OK), link);
            Assert.That(asset.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromDays(365)), link);
            Assert.That(asset.Headers.CacheControl?.NoStore, Is.False, link);
        }
    }

    [Test]
    public async Task ThePagesCountAgainstTheCallersRateLimit()
    {
        var browser = await SignInAsync();
        var page = await browser.GetAsync("/app/transactions");

        Assert.That(page.Response.Headers.GetValues("RateLimit-Policy").Single(), Does.Contain("per-user"));
    }

    private static string CookieHeader(PageClient browser) => browser.CookieHeader();

    private async Task<HttpResponseMessage> WithCookie(string cookie, string path)
    {
        var client = Track(Factory.CreateClient(PageClient.Options));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}

/// <summary>The limits with small budgets; each test starts a new minute, so that one test's requests do not count in the next.</summary>
public sealed class WebRateLimitTests : WebTest
{
    protected override void ConfigureApi(IWebHostBuilder builder) =>
        builder.UseSetting("RateLimiting:PerUserPerMinute", "5").UseSetting("RateLimiting:AuthPerMinute", "4");

    [TearDown]
    public void NextMinute() => Factory.Clock.Advance(TimeSpan.FromMinutes(2));

    [Test]
    public async Task ASignedInBrowserOverItsBudgetGets429WithRetryAfter()
    {
        var browser = await SignInAsync();
        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 0; i < 6 && last != HttpStatusCode.TooManyRequests; i++)
        {
            last = (await browser.GetAsync("/app/transactions")).Status;
        }

        var over = await browser.GetAsync("/app/transactions");
        Assert.That(over.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(over.Response.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task TheSignInFormIsLimitedPerAddressLikeTheLoginEndpoint()
    {
        var browser = NewBrowser();
        await browser.GetAsync("/app/login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await browser.PostAsync("/app/login", [new("Email", Email("nobody")), new("Password", "wrong-password")])).Status);
        }

        Assert.That(statuses, Does.Contain(HttpStatusCode.TooManyRequests));
    }
}
