namespace Cashman.Api.ErrorHandling;

/// <summary>
/// Rejects bodies whose Content-Length is over <see cref="MaxBodyBytes"/> with 413 before anything reads them.
/// Kestrel is configured with the same limit, which also stops chunked bodies as they are read; those reach
/// the exception handler as a 413 <see cref="BadHttpRequestException"/> and are answered as a 413 problem too.
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

        return next(context);
    }
}
