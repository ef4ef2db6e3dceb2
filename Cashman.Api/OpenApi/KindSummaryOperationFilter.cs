using Cashman.Api.Controllers;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cashman.Api.OpenApi;

/// <summary>
/// The shared transaction actions are documented once with a <c>{kind}</c> placeholder; this fills it in
/// (<c>income</c> under <c>/incomes</c>, <c>expense</c> under <c>/expenses</c>).
/// </summary>
public sealed class KindSummaryOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.ApiDescription.ActionDescriptor is not ControllerActionDescriptor action ||
            !action.ControllerTypeInfo.IsSubclassOf(typeof(TransactionKindController)))
        {
            return;
        }

        var kind = action.ControllerTypeInfo.AsType() == typeof(IncomesController) ? TransactionKindNames.Income : TransactionKindNames.Expense;
        operation.Summary = operation.Summary?.Replace("{kind}", kind, StringComparison.Ordinal);
        operation.Description = operation.Description?.Replace("{kind}", kind, StringComparison.Ordinal);
        if (operation.Responses is not null)
        {
            foreach (var response in operation.Responses.Values)
            {
                if (response is OpenApiResponse concrete)
                {
                    concrete.Description = concrete.Description?.Replace("{kind}", kind, StringComparison.Ordinal);
                }
            }
        }

        if (operation.Parameters is not null)
        {
            foreach (var parameter in operation.Parameters)
            {
                if (parameter is OpenApiParameter concrete)
                {
                    concrete.Description = concrete.Description?.Replace("{kind}", kind, StringComparison.Ordinal);
                }
            }
        }
    }
}
