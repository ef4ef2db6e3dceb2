using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cashman.Tests.Integration.Web;

/// <summary>
/// A browser as far as HTTP goes: cookies kept by their rules (path, Secure), redirects not followed (so that tests see
/// them), and each form posted with the antiforgery token of the page it was read from, as a browser would send it.
/// </summary>
public sealed partial class PageClient(HttpClient http)
{
    /// <summary>Over https, as a browser reaches Cashman outside Development: the cookies are Secure there.</summary>
    public static readonly Uri Origin = new("https://localhost");

    public static readonly WebApplicationFactoryClientOptions Options = new()
    {
        BaseAddress = Origin,
        AllowAutoRedirect = false,
        HandleCookies = false,
    };

    public CookieContainer Cookies { get; } = new();

    /// <summary>The cookies a request to <paramref name="path"/> carries, as its <c>Cookie</c> header.</summary>
    public string CookieHeader(string path = "/app") => Cookies.GetCookieHeader(new Uri(Origin, path));

    /// <summary>The antiforgery token of the last page read.</summary>
    public string? Token { get; private set; }

    public async Task<Page> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await SendAsync(request);
        var page = new Page(response, await response.Content.ReadAsStringAsync());
        Token = TokenOf(page.Html) ?? Token;
        return page;
    }

    /// <summary>Posts a form with the last page's antiforgery token (or none).</summary>
    public async Task<Page> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var values = fields.ToList();
        if (withToken && Token is not null)
        {
            values.Add(new("__RequestVerificationToken", Token));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        var response = await SendAsync(request);
        var page = new Page(response, await response.Content.ReadAsStringAsync());
        Token = TokenOf(page.Html) ?? Token;
        return page;
    }

    /// <summary>Reads the form's page first (for its token), posts it, and follows the redirect a successful write answers.</summary>
    public async Task<Page> SubmitAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        await GetAsync(formPage);
        var posted = await PostAsync(action, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return posted.Status == HttpStatusCode.Redirect ? await GetAsync(posted.Location!) : posted;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = new Uri(Origin, request.RequestUri!);
        if (Cookies.GetCookieHeader(uri) is { Length: > 0 } cookies)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(uri, setCookie);
            }
        }

        return response;
    }

    public static string? TokenOf(string html) => TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>An answer and its HTML.</summary>
public sealed partial record Page(HttpResponseMessage Response, string Html)
{
    public HttpStatusCode Status => Response.StatusCode;

    public string? Location => Response.Headers.Location?.OriginalString;

    /// <summary>The text of the element with this id, tags removed and entities decoded.</summary>
    public string? TextOf(string id)
    {
        var match = Regex.Match(Html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Tags().Replace(match.Groups[2].Value, string.Empty)).Trim() : null;
    }

    /// <summary>The page's visible text, roughly: tags removed, entities decoded, white space collapsed.</summary>
    public string Text => Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(Html, " ")), " ");

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
