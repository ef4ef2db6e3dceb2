using System.Globalization;
using Cashman.Api.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// What a 413 and a 415 say, from the endpoint's own metadata (<c>[RequestSizeLimit]</c>, <c>[Consumes]</c>), so that the
/// answers and the OpenAPI document name the limit and the media type of the endpoint that was called.
/// </summary>
internal static class RequestBodyTexts
{
    private const long Mebibyte = 1024 * 1024;

    public static long Limit(IEnumerable<object>? metadata) =>
        metadata?.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize ?? RequestBodyLimitMiddleware.MaxBodyBytes;

    public static string TooLarge(IEnumerable<object>? metadata) =>
        $"The request body is larger than the {Size(Limit(metadata))} this endpoint accepts.";

    public static string Unsupported(IEnumerable<object>? metadata) =>
        metadata?.OfType<Http.RequestBodyTypeAttribute>().LastOrDefault() is { } body
            ? $"The request body must be {body.MediaType} in UTF-8 (Content-Type: {body.MediaType}; charset=utf-8)."
            : "The request body must be JSON in UTF-8 (Content-Type: application/json).";

    private static string Size(long bytes) => bytes >= Mebibyte && bytes % Mebibyte == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / Mebibyte} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB");
}
