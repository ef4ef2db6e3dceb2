using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Http;

/// <summary>
/// <c>PublicBaseUrl</c>: the address clients reach the API at (<c>https://cashman.example.com</c>), from which every
/// absolute URL in a response is built. The request's <c>Host</c> header is the client's to forge, so it is used only in
/// Development, and only when this is not set.
/// </summary>
public sealed class PublicUrlOptions
{
    public const string Key = "PublicBaseUrl";

    /// <summary>What links point at outside Development when <c>PublicBaseUrl</c> is not set: the documented local address.</summary>
    public static readonly Uri LocalDefault = new("http://localhost:5000");

    [BaseUrl]
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>An absolute http or https URL without query or fragment, or nothing.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class BaseUrlAttribute() : ValidationAttribute(
        "PublicBaseUrl must be an absolute http or https URL without query, such as https://cashman.example.com.")
    {
        public override bool IsValid(object? value) =>
            value is not Uri url || (url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) &&
                                     string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment));
    }
}
