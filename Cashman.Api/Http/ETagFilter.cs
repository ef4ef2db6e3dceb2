using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Http;

/// <summary>Sets <c>ETag</c> from the row version of a successful single-resource response.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ETagFilterAttribute : ResultFilterAttribute
{
    public static string Format(Guid version) => $"\"{version.ToString("N", CultureInfo.InvariantCulture)}\"";

    public override void OnResultExecuting(ResultExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Result is ObjectResult { Value: IVersionedResponse versioned, StatusCode: null or (>= 200 and < 300) })
        {
            context.HttpContext.Response.Headers[HeaderNames.ETag] = Format(versioned.Version);
        }
    }
}
