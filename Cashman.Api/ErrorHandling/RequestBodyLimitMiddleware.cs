using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// Rejects bodies whose Content-Length is over <see cref="MaxBodyBytes"/> (or the endpoint's own limit) with 413 before anything reads them.
/// Kestrel is configured with the same limit, which also stops chunked bodies as they are read; those reach
/// the exception handler as a 413 <see cref="BadHttpRequestException"/> and are answered as a 413 problem too.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBodyBytes = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // An endpoint may allow more ([RequestSizeLimit]: the batch and the import); Kestrel is told the same, so that a
        // chunked body is stopped at that size too.
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxBodyBytes;
        if (limit != MaxBodyBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
