namespace Cashman.Api.Http;

/// <summary>
/// <c>Cors__AllowedOrigins__0=https://app.example.com</c>, ...: the web origins whose pages may call the API from a browser.
/// None by default: apps and scripts need no CORS, and a browser refuses cross-origin calls when the API allows none.
/// </summary>
public sealed class CorsOptions
{
    public const string SectionName = "Cors";

    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];
}
