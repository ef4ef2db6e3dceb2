using Cashman.Api.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// Fills in what every problem document must carry (<c>type</c>, <c>title</c>, <c>detail</c>, <c>traceId</c>),
/// whichever part of the pipeline produced it.
/// </summary>
internal static class ProblemDetailsDefaults
{
    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Type = StatusTexts.TypeOf(status);
        // The exception handler clears the endpoint before it runs; its feature keeps the one that failed.
        var endpoint = (context.HttpContext.GetEndpoint() ?? context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint)?.Metadata;
        problem.Detail ??= StatusTexts.Text(status, endpoint) ?? problem.Title;
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions["traceId"] = RequestTrace.Id(context.HttpContext);
        problem.Extensions.Remove("exception");
    }
}
