using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Http;

/// <summary>
/// Headers every answer carries: <c>X-Content-Type-Options: nosniff</c>, and <c>Cache-Control: no-store</c>, since
/// almost everything this API answers is someone's money, a token or a key, and nothing it answers is worth a stale
/// copy in a shared cache; the web client's stylesheet and script, versioned by their links, are the exception. (Kestrel's <c>Server</c> header is switched off where Kestrel is configured.)
/// </summary>
public sealed class ResponseHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(
            static state =>
            {
                var response = (HttpResponse)state;
                var headers = response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (!response.HttpContext.Items.ContainsKey(Web.WebSetup.PublicAssetItem))
                {
                    headers.CacheControl = "no-store";
                }

                headers.Remove(HeaderNames.Pragma);
                headers.Remove(HeaderNames.Expires);
                return Task.CompletedTask;
            },
            context.Response);
        return next(context);
    }
}
