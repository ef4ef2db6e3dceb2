using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Http;

/// <summary>
/// <c>Cors__AllowedOrigins__0=https://app.example.com</c>, ...: the web origins whose pages may call the API from a browser.
/// None by default: apps and scripts need no CORS, and a browser refuses cross-origin calls when the API allows none.
/// </summary>
public sealed class CorsSettings : IValidatableObject
{
    public const string SectionName = "Cors";

    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];

    /// <summary>An origin is a scheme, a host and maybe a port (<c>https://app.example.com</c>): no path, query or wildcard.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedOrigins
            .Where(o => !Uri.TryCreate(o, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || o.EndsWith('/') || !string.IsNullOrEmpty(uri.Fragment))
            .Select(o => new ValidationResult(
                $"Cors__AllowedOrigins must be origins such as https://app.example.com (no path or trailing slash); '{o}' is not.",
                [nameof(AllowedOrigins)]));
}
