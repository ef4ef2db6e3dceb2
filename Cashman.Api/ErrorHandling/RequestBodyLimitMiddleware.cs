using Microsoft.AspNetCore.Http.Features;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// Rejects bodies over <see cref="MaxBodyBytes"/> with 413 before anything reads them. Kestrel enforces the same
/// limit on bodies without a Content-Length (chunked) as they are read; those surface as a 413 problem too.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public const long MaxBodyBytes = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = MaxBodyBytes;
        }

        return next(context);
    }
}
