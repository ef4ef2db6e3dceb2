using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Cashman.Api.Sync;

/// <summary>Sets <c>Cashman-Change-Cursor</c> on a successful write's answer: the feed position that includes the write.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChangeCursorFilterAttribute : ResultFilterAttribute
{
    public override void OnResultExecuting(ResultExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Result is ObjectResult { Value: IChangeResponse { ChangeSeq: > 0 } changed, StatusCode: null or (>= 200 and < 300) })
        {
            ChangeCursor.Write(context.HttpContext, changed.ChangeSeq);
        }
    }
}
