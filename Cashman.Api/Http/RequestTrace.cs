using System.Diagnostics;

namespace Cashman.Api.Http;

/// <summary>The one trace id of a request: written to its log line and to every problem document it answers.</summary>
public static class RequestTrace
{
    private const string ItemKey = "Cashman.TraceId";

    /// <summary>
    /// The W3C trace id (32 hex digits) of the request's trace, the one an incoming <c>traceparent</c> names, or the
    /// connection's request id when there is no trace; fixed at its first use.
    /// </summary>
    public static string Id(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is string id)
        {
            return id;
        }

        id = Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
        context.Items[ItemKey] = id;
        return id;
    }
}
