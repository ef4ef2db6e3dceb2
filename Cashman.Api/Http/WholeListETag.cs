using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Http;

/// <summary>
/// The <c>ETag</c> of a list answered whole (accounts, categories), which changes with what no row version tells (a
/// balance, a count): a digest of what the answer shows. <c>If-None-Match</c> with it is a 304.
/// </summary>
public static class WholeListETag
{
    /// <summary>The tag of <paramref name="shown"/>: the parts of the answer whose change must change it.</summary>
    public static string Of(object shown)
    {
        var digest = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(shown));
        return $"\"{Convert.ToHexStringLower(digest)[..32]}\"";
    }

    /// <summary>Answers <paramref name="list"/> with its tag, or 304 when the request's <c>If-None-Match</c> has it.</summary>
    public static ActionResult<T> WithETag<T>(this ControllerBase controller, T list, string etag)
    {
        ArgumentNullException.ThrowIfNull(controller);
        controller.Response.Headers[HeaderNames.ETag] = etag;
        return controller.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"))
            ? controller.StatusCode(StatusCodes.Status304NotModified)
            : list;
    }
}
