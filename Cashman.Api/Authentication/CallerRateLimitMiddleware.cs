using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Authentication;

/// <summary>
/// Holds every authenticated caller to its budget and tells it where it stands with the IETF <c>RateLimit-Policy</c> and
/// <c>RateLimit</c> header fields (draft-ietf-httpapi-ratelimit-headers); over the budget, a 429 problem with
/// <c>Retry-After</c>. Runs after authorization, so it sees exactly the requests that reached an authenticated endpoint.
/// </summary>
public sealed class CallerRateLimitMiddleware(RequestDelegate next, CallerRateLimiter limiter)
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.User.FindFirstValue(CashmanClaims.Subject);
        if (caller is null)
        {
            await next(context);
            return;
        }

        var decision = limiter.Acquire(caller);
        var headers = context.Response.Headers;
        headers[PolicyHeader] = string.Create(
            CultureInfo.InvariantCulture, $"\"{CallerRateLimiter.PolicyName}\";q={limiter.Quota};w={CallerRateLimiter.WindowSeconds}");
        headers[StateHeader] = string.Create(
            CultureInfo.InvariantCulture, $"\"{CallerRateLimiter.PolicyName}\";r={decision.Remaining};t={decision.ResetSeconds}");
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        headers[HeaderNames.RetryAfter] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Detail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"This account has used its {limiter.Quota} requests of this minute. Wait for the number of seconds in Retry-After."),
            },
        });
    }
}
