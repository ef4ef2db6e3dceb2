using System.Net;

namespace Cashman.Tests.Integration.Web;

/// <summary>Base of the web client's HTTP tests: the fixture's API, and the test's owner signed in through the sign-in form.</summary>
public abstract class WebTest : IntegrationTest
{
    /// <summary>A browser with no cookie yet.</summary>
    protected PageClient NewBrowser() => new(Track(Factory.CreateClient(PageClient.Options)));

    /// <summary>A browser signed in as <paramref name="email"/> (the owner by default) with the form, as a person would.</summary>
    protected async Task<PageClient> SignInAsync(string? email = null, string password = Password)
    {
        var browser = NewBrowser();
        await browser.GetAsync("/app/login");
        var signedIn = await browser.PostAsync("/app/login", [new("Email", email ?? OwnerEmail), new("Password", password)]);
        Assert.That(signedIn.Status, Is.EqualTo(HttpStatusCode.Redirect), signedIn.Text);
        return browser;
    }

    /// <summary>The cookies the answer sets, by name, each with its attributes as sent.</summary>
    protected static Dictionary<string, string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.ToDictionary(v => v[..v.IndexOf('=', StringComparison.Ordinal)], v => v, StringComparer.Ordinal)
            : [];
}
