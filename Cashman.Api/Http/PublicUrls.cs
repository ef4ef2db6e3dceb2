using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Http;

/// <summary>Turns the path of a resource into the absolute URL a client is given (<c>Location</c>, page links).</summary>
public sealed partial class PublicUrls(IOptions<PublicUrlOptions> options, IHostEnvironment environment)
{
    private readonly string? _configured = options.Value.PublicBaseUrl?.AbsoluteUri.TrimEnd('/');

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> (which starts with <c>/</c>).</summary>
    public Uri For(HttpRequest request, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var root = _configured
            ?? (environment.IsDevelopment() ? $"{request.Scheme}://{request.Host.ToUriComponent()}" : PublicUrlOptions.LocalDefault.AbsoluteUri.TrimEnd('/'));
        return new Uri(root + pathAndQuery);
    }

    /// <summary>Says at start, outside Development, that links will point at the local default because none is configured.</summary>
    public void WarnIfUnconfigured(ILogger logger)
    {
        if (_configured is null && !environment.IsDevelopment())
        {
            LogUnconfigured(logger, PublicUrlOptions.LocalDefault);
        }
    }

    /// <summary>
    /// The path and query of a URL that may have been stored absolute (idempotent answers recorded before the public
    /// base URL was used), so that it can be given out again under the configured base.
    /// </summary>
    public static string PathOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && url.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? absolute.PathAndQuery
            : url;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PublicBaseUrl is not set: links in answers point at {BaseUrl}. Set PublicBaseUrl to the address clients use.")]
    private static partial void LogUnconfigured(ILogger logger, Uri baseUrl);
}

/// <summary>201 answers whose <c>Location</c> is built from the public base URL.</summary>
public static class CreatedExtensions
{
    public static CreatedResult CreatedAtPublicUrl(this ControllerBase controller, string actionName, object? routeValues, object value)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var path = controller.Url.Action(actionName, routeValues)
            ?? throw new InvalidOperationException($"No route to the action {actionName}.");
        var urls = controller.HttpContext.RequestServices.GetRequiredService<PublicUrls>();
        return controller.Created(urls.For(controller.Request, path), value);
    }
}
