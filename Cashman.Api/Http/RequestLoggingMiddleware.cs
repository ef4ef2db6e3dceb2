using System.Diagnostics;
using System.Security.Claims;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Diagnostics;

namespace Cashman.Api.Http;

/// <summary>
/// Writes one structured line per request: method, route template (never the path with its ids or the query),
/// status, duration, trace id and the caller's user id. Headers and bodies, and so tokens, passwords and keys,
/// are never logged. Runs outermost, so it sees the final status of every request, errors included, and counts every
/// request begun (<see cref="RequestActivity"/>).
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger, RequestActivity activity)
{
    public const string Unmatched = "(no route)";
    public const string Anonymous = "-";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        activity.Begin();
        var started = Stopwatch.GetTimestamp();
        var traceId = RequestTrace.Id(context);
        try
        {
            await next(context);
        }
        finally
        {
            Log(context, started, traceId);
        }
    }

    private void Log(HttpContext context, long started, string traceId)
    {
        if (!logger.IsEnabled(LogLevel.Information) || IsDocumentationAsset(context))
        {
            return;
        }

        // The exception handler clears the endpoint before it writes the problem; its feature keeps it.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var route = endpoint is RouteEndpoint { RoutePattern.RawText: { } template } ? "/" + template.TrimStart('/') : Unmatched;
        var durationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
        var userId = context.User.FindFirstValue(CashmanClaims.Subject) ?? Anonymous;
        LogRequest(logger, context.Request.Method, route, context.Response.StatusCode, durationMs, traceId, userId);
    }

    /// <summary>Swagger UI's pages, scripts and the document it loads: served, not API requests, so not logged unless they fail.</summary>
    private static bool IsDocumentationAsset(HttpContext context) =>
        context.GetEndpoint() is null && context.Response.StatusCode < 400 && context.Request.Path.StartsWithSegments("/swagger");

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Route} answered {StatusCode} in {DurationMs} ms (trace {TraceId}, user {UserId})")]
    private static partial void LogRequest(
        ILogger logger, string method, string route, int statusCode, double durationMs, string traceId, string userId);
}
