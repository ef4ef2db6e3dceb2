using Cashman.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Idempotency;

/// <summary>An answer as it is sent and, for a request with an <c>Idempotency-Key</c>, kept and replayed.</summary>
public sealed record StoredResponse(int StatusCode, string? Location, string? ETag, string? ChangeCursor, string Body, bool Replayed = false)
{
    /// <summary>How many transactions the first answer created (for the metrics once it commits; not stored).</summary>
    public int Created { get; init; }

    /// <summary>Set on a replayed answer, so that a client can tell a retry was recognised.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>Writes the status, headers and body as stored, the <c>Location</c> path under the public base URL.</summary>
    public ContentResult ToActionResult(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (Location is not null)
        {
            var urls = context.RequestServices.GetRequiredService<PublicUrls>();
            response.Headers[HeaderNames.Location] = urls.For(context.Request, PublicUrls.PathOf(Location)).AbsoluteUri;
        }

        if (ETag is not null)
        {
            response.Headers[HeaderNames.ETag] = ETag;
        }

        if (ChangeCursor is not null)
        {
            response.Headers[Sync.ChangeCursor.HeaderName] = ChangeCursor;
        }

        if (Replayed)
        {
            response.Headers[ReplayedHeaderName] = "true";
        }

        return new ContentResult { StatusCode = StatusCode, Content = Body, ContentType = MediaTypes.JsonUtf8 };
    }
}
