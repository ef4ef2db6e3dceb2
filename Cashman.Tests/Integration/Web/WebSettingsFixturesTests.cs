using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Web;
using Microsoft.AspNetCore.Hosting;

namespace Cashman.Tests.Integration.Web;

/// <summary>In Development the cookie may travel over plain http (a laptop's http://localhost:5000); elsewhere it may not.</summary>
public sealed class WebDevelopmentTests : WebTest
{
    protected override void ConfigureApi(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development").UseSetting("Seed:DemoData", "false");

    [Test]
    public async Task InDevelopmentTheCookieIsNotMarkedSecureOverHttp()
    {
        var browser = new PageClient(Track(Factory.CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false, HandleCookies = false })));
        await browser.GetAsync("/app/login");
        var signedIn = await browser.PostAsync("/app/login", [new("Email", OwnerEmail), new("Password", Password)]);

        var cookie = SetCookies(signedIn.Response)[WebSession.CookieName].ToLowerInvariant();
        Assert.That(cookie, Does.Contain("httponly").And.Contain("samesite=strict").And.Not.Contain("secure"));
    }
}

/// <summary><c>Ui__Enabled=false</c>: no pages, no assets; the API is unchanged.</summary>
public sealed class WebDisabledTests : WebTest
{
    protected override void ConfigureApi(IWebHostBuilder builder) => builder.UseSetting("Ui:Enabled", "false");

    [TestCase("/app")]
    [TestCase("/app/login")]
    [TestCase("/app/assets/app.css")]
    public async Task WithTheClientSwitchedOffItsPagesAreNotFound(string path)
    {
        var answer = await Anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await Client.GetAsync("/transactions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheServiceDocumentDoesNotLinkTheSwitchedOffClient()
    {
        var links = (await Anonymous.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/"))!["links"]!.AsObject();

        Assert.That(links.ContainsKey("app"), Is.False);
        Assert.That(links.ContainsKey("docs"), Is.True);
    }
}
