using Cashman.Api.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// Fills in what every problem document must carry (<c>type</c>, <c>title</c>, <c>detail</c>, <c>traceId</c>),
/// whichever part of the pipeline produced it.
/// </summary>
internal static class ProblemDetailsDefaults
{
    private static readonly Dictionary<int, string> Details = new()
    {
        [StatusCodes.Status400BadRequest] = "The request is malformed.",
        [StatusCodes.Status401Unauthorized] = "Missing, invalid, expired or revoked credentials. Send Authorization: Bearer <accessToken> or X-API-Key: <key>.",
        [StatusCodes.Status403Forbidden] = "You are not allowed to access this resource.",
        [StatusCodes.Status404NotFound] = "The requested resource was not found.",
        [StatusCodes.Status405MethodNotAllowed] = "The HTTP method is not allowed for this resource.",
        [StatusCodes.Status406NotAcceptable] = "The requested representation is not available; this API speaks JSON.",
        [StatusCodes.Status409Conflict] = "The request conflicts with the current state of the resource.",
        [StatusCodes.Status412PreconditionFailed] = "The resource has changed since the version in If-Match. Read it again (GET) and retry with its new ETag.",
        [StatusCodes.Status422UnprocessableEntity] = "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
        [StatusCodes.Status429TooManyRequests] = "Too many requests. Wait for the number of seconds in Retry-After.",
        [StatusCodes.Status500InternalServerError] = "An unexpected error occurred. It has been logged; quote the traceId when reporting it.",
        [StatusCodes.Status503ServiceUnavailable] = "The service is temporarily unavailable (the database cannot be reached). Nothing was changed; retry after the seconds in Retry-After.",
    };

    /// <summary>The section of the RFC that defines each status: one family of <c>type</c> URIs for every problem.</summary>
    private static readonly Dictionary<int, string> Types = new()
    {
        [StatusCodes.Status400BadRequest] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [StatusCodes.Status401Unauthorized] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        [StatusCodes.Status403Forbidden] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [StatusCodes.Status404NotFound] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [StatusCodes.Status405MethodNotAllowed] = "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        [StatusCodes.Status406NotAcceptable] = "https://tools.ietf.org/html/rfc9110#section-15.5.7",
        [StatusCodes.Status409Conflict] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        [StatusCodes.Status412PreconditionFailed] = "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status415UnsupportedMediaType] = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        [StatusCodes.Status422UnprocessableEntity] = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
        [StatusCodes.Status500InternalServerError] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        [StatusCodes.Status503ServiceUnavailable] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    public static string TypeOf(int status) => Types.GetValueOrDefault(status, "about:blank");

    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Type = TypeOf(status);
        // The exception handler clears the endpoint before it runs; its feature keeps the one that failed.
        var endpoint = (context.HttpContext.GetEndpoint() ?? context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint)?.Metadata;
        problem.Detail ??= status switch
        {
            StatusCodes.Status413PayloadTooLarge => RequestBodyTexts.TooLarge(endpoint),
            StatusCodes.Status415UnsupportedMediaType => RequestBodyTexts.Unsupported(endpoint),
            _ => Details.GetValueOrDefault(status, problem.Title),
        };
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions["traceId"] = RequestTrace.Id(context.HttpContext);
        problem.Extensions.Remove("exception");
    }
}
