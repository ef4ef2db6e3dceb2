using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cashman.Api.Http;

/// <summary>
/// Reports every query parameter the action does not bind (<c>limit=5</c>, <c>page_size=5</c>), and every one sent more
/// than once (<c>pageSize=1&amp;pageSize=1000</c>), as a validation error, so that neither is silently ignored. Registered globally, ahead of MVC's automatic 400.
/// </summary>
public sealed class RejectUnknownQueryParametersFilter(IModelMetadataProvider metadataProvider) : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.HttpContext.Request.Query;
        if (query.Count == 0)
        {
            return;
        }

        var known = KnownNames(context);
        foreach (var (key, values) in query)
        {
            if (!known.Contains(key))
            {
                context.ModelState.AddModelError(key, $"Unknown query parameter '{key}'.");
            }
            else if (values.Count > 1)
            {
                // Every parameter of this API takes one value; binding would silently keep the first.
                context.ModelState.AddModelError(key, $"The query parameter '{key}' must be sent once.");
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    private HashSet<string> KnownNames(ActionExecutingContext context)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (parameter.BindingInfo?.BindingSource != BindingSource.Query)
            {
                continue;
            }

            var metadata = metadataProvider.GetMetadataForType(parameter.ParameterType);
            names.UnionWith(metadata.IsComplexType
                ? metadata.Properties.Where(p => !p.IsReadOnly).Select(p => p.BinderModelName ?? p.Name!)
                : [parameter.BindingInfo.BinderModelName ?? parameter.Name]);
        }

        return names;
    }
}
