using Cashman.Api.Transactions;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace Cashman.Api.OpenApi;

/// <summary>
/// Stable camelCase operation ids, the names generated clients give their methods: <c>listIncomes</c>,
/// <c>createExpense</c>, ... for the shared transaction actions, and each other action's <c>[EndpointName]</c>.
/// </summary>
public static class OperationIds
{
    public static string For(ApiDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var action = (ControllerActionDescriptor)description.ActionDescriptor;
        if (action.ControllerTypeInfo.IsSubclassOf(typeof(TransactionKindController)))
        {
            var singular = action.ControllerTypeInfo.AsType() == typeof(IncomesController) ? "Income" : "Expense";
            return action.ActionName switch
            {
                nameof(TransactionKindController.List) => $"list{singular}s",
                nameof(TransactionKindController.Create) => $"create{singular}",
                nameof(TransactionKindController.GetById) => $"get{singular}",
                nameof(TransactionKindController.Update) => $"update{singular}",
                nameof(TransactionKindController.Delete) => $"delete{singular}",
                _ => throw new InvalidOperationException($"No operation id for {action.DisplayName}."),
            };
        }

        return action.EndpointMetadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName
            ?? throw new InvalidOperationException($"{action.DisplayName} needs an [EndpointName] to be its operation id.");
    }

    /// <summary>The kind an operation of the shared transaction actions works on, or null for any other operation.</summary>
    public static string? KindOf(ApiDescription description) =>
        description?.ActionDescriptor is ControllerActionDescriptor action && action.ControllerTypeInfo.IsSubclassOf(typeof(TransactionKindController))
            ? action.ControllerTypeInfo.AsType() == typeof(IncomesController) ? TransactionKindNames.Income : TransactionKindNames.Expense
            : null;
}
