using System.Globalization;
using Cashman.Api.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// The one table of what each error status means: its problem <c>type</c> and the text that both the problem documents
/// (<see cref="ProblemDetailsDefaults"/>) and the OpenAPI document (<see cref="OpenApi.ContractOperationFilter"/>) give.
/// A 413 and a 415 name the limit and the media type of the endpoint itself, read from its <c>[RequestSizeLimit]</c>,
/// <c>[Consumes]</c> or <see cref="RequestBodyTypeAttribute"/>.
/// </summary>
internal static class StatusTexts
{
    private const long Mebibyte = 1024 * 1024;

    /// <summary>Per status: the RFC section that defines it (one family of <c>type</c> URIs) and what it means here.</summary>
    private static readonly Dictionary<int, (string Type, string Text)> Table = new()
    {
        [StatusCodes.Status400BadRequest] = ("https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "The request is malformed: a query parameter, header or the body is invalid, unknown or repeated; errors names it."),
        [StatusCodes.Status401Unauthorized] = ("https://tools.ietf.org/html/rfc9110#section-15.5.2",
            "Missing, invalid, expired or revoked credentials. Send Authorization: Bearer <accessToken> or X-API-Key: <key>."),
        [StatusCodes.Status403Forbidden] = ("https://tools.ietf.org/html/rfc9110#section-15.5.4",
            "You are not allowed to access this resource."),
        [StatusCodes.Status404NotFound] = ("https://tools.ietf.org/html/rfc9110#section-15.5.5",
            "The requested resource was not found."),
        [StatusCodes.Status405MethodNotAllowed] = ("https://tools.ietf.org/html/rfc9110#section-15.5.6",
            "The HTTP method is not allowed for this resource."),
        [StatusCodes.Status406NotAcceptable] = ("https://tools.ietf.org/html/rfc9110#section-15.5.7",
            "The requested representation is not available; this API speaks JSON."),
        [StatusCodes.Status409Conflict] = ("https://tools.ietf.org/html/rfc9110#section-15.5.10",
            "The request conflicts with the current state of the resource."),
        [StatusCodes.Status410Gone] = ("https://tools.ietf.org/html/rfc9110#section-15.5.11",
            "The resource is no longer available."),
        [StatusCodes.Status412PreconditionFailed] = ("https://tools.ietf.org/html/rfc9110#section-15.5.13",
            "The resource has changed since the version in If-Match. Read it again (GET) and retry with its new ETag."),
        [StatusCodes.Status413PayloadTooLarge] = ("https://tools.ietf.org/html/rfc9110#section-15.5.14",
            "The request body is too large."),
        [StatusCodes.Status415UnsupportedMediaType] = ("https://tools.ietf.org/html/rfc9110#section-15.5.16",
            "The request body's media type is not supported."),
        [StatusCodes.Status422UnprocessableEntity] = ("https://tools.ietf.org/html/rfc9110#section-15.5.21",
            "This Idempotency-Key was already used with a different request. Use a new key for a new request."),
        [StatusCodes.Status429TooManyRequests] = ("https://tools.ietf.org/html/rfc6585#section-4",
            "Too many requests. Wait for the number of seconds in Retry-After."),
        [StatusCodes.Status500InternalServerError] = ("https://tools.ietf.org/html/rfc9110#section-15.6.1",
            "An unexpected error occurred. It has been logged; quote the traceId when reporting it."),
        [StatusCodes.Status503ServiceUnavailable] = ("https://tools.ietf.org/html/rfc9110#section-15.6.4",
            "The service is temporarily unavailable (the database cannot be reached). Nothing was changed; retry after the seconds in Retry-After."),
    };

    /// <summary>The problem <c>type</c> of <paramref name="status"/>.</summary>
    public static string TypeOf(int status) => Table.TryGetValue(status, out var entry) ? entry.Type : "about:blank";

    /// <summary>What <paramref name="status"/> means on the endpoint whose metadata is <paramref name="endpoint"/>, if the table knows it.</summary>
    public static string? Text(int status, IEnumerable<object>? endpoint) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => TooLarge(endpoint),
        StatusCodes.Status415UnsupportedMediaType => Unsupported(endpoint),
        _ => Table.TryGetValue(status, out var entry) ? entry.Text : null,
    };

    /// <summary>The body limit of the endpoint: its <c>[RequestSizeLimit]</c>, or the default.</summary>
    public static long Limit(IEnumerable<object>? endpoint) =>
        endpoint?.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize ?? RequestBodyLimitMiddleware.MaxBodyBytes;

    /// <summary>The media type the endpoint reads: its <see cref="RequestBodyTypeAttribute"/> or <c>[Consumes]</c>.</summary>
    public static string MediaType(IEnumerable<object>? endpoint) =>
        endpoint?.OfType<RequestBodyTypeAttribute>().LastOrDefault()?.MediaType
        ?? (endpoint?.OfType<IAcceptsMetadata>().LastOrDefault()?.ContentTypes is { Count: > 0 } types ? types[0] : MediaTypes.Json);

    private static string TooLarge(IEnumerable<object>? endpoint) =>
        $"The request body is larger than the {Size(Limit(endpoint))} this endpoint accepts.";

    private static string Unsupported(IEnumerable<object>? endpoint)
    {
        if (endpoint?.OfType<RequestBodyTypeAttribute>().LastOrDefault() is { MediaTypes.Count: > 1 } several)
        {
            return $"The request body must be one of {string.Join(", ", several.MediaTypes)}, in a charset the endpoint reads.";
        }

        var mediaType = MediaType(endpoint);
        return $"The request body must be {mediaType} in UTF-8 (Content-Type: {mediaType}; charset=utf-8).";
    }

    private static string Size(long bytes) => bytes >= Mebibyte && bytes % Mebibyte == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / Mebibyte} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB");
}
