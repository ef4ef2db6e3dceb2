using System.Globalization;
using System.Security.Claims;
using Cashman.Api.Telemetry;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.RateLimiting;

/// <summary>
/// Holds requests to their budgets, per client address on the endpoints marked <see cref="RateLimitedByAddressAttribute"/>
/// and per account on every authenticated one, and tells the client where it stands with the IETF <c>RateLimit-Policy</c>
/// and <c>RateLimit</c> header fields (draft-ietf-httpapi-ratelimit-headers); over a budget, a 429 problem with
/// <c>Retry-After</c>. Runs after authorization, so the account is known and rejected credentials cost nothing.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, RateLimits limits, CashmanMetrics metrics)
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decisions = new List<WindowedRateLimiter.Decision>(2);
        if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedByAddressAttribute>() is not null)
        {
            decisions.Add(limits.PerAddress.Acquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown"));
        }

        if (context.User.FindFirstValue(CashmanClaims.Subject) is { } account)
        {
            decisions.Add(limits.PerUser.Acquire(account));
        }

        if (decisions.Count == 0)
        {
            await next(context);
            return;
        }

        // Set as the answer starts: an error answered by the exception handler has its headers cleared first.
        var policy = string.Join(", ", decisions.Select(d => Invariant($"\"{d.Limiter.Name}\";q={d.Limiter.Quota};w={WindowedRateLimiter.WindowSeconds}")));
        var state = string.Join(", ", decisions.Select(d => Invariant($"\"{d.Limiter.Name}\";r={d.Remaining};t={d.ResetSeconds}")));
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[PolicyHeader] = policy;
            context.Response.Headers[StateHeader] = state;
            return Task.CompletedTask;
        });
        var headers = context.Response.Headers;
        var rejected = decisions.Where(d => !d.Allowed).ToList();
        if (rejected.Count == 0)
        {
            await next(context);
            return;
        }

        metrics.RateLimitRejected(rejected[0].Limiter.Name);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        headers[HeaderNames.RetryAfter] = rejected.Max(d => d.ResetSeconds).ToString(CultureInfo.InvariantCulture);
        var byAddress = rejected.Any(d => d.Limiter == limits.PerAddress);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Detail = byAddress
                    ? "Too many attempts from this address. Wait for the number of seconds in Retry-After and try again."
                    : Invariant($"This account has used its {limits.PerUser.Quota} requests of this minute. Wait for the number of seconds in Retry-After."),
            },
        });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
