using Cashman.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// Turns MVC's model state into a validation problem keyed by wire names (<c>amount</c>, not <c>$.amount</c>
/// or <c>Amount</c>), with messages that never echo parser or framework internals.
/// </summary>
internal static class InvalidModelStateResponse
{
    public const string BodyKey = "body";
    private const string InvalidJson = "The request body is not valid JSON, or a value has the wrong type.";

    public static IActionResult Create(ActionContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var hasBodyErrors = context.ModelState.Keys.Any(k => k.Length == 0 || k.StartsWith('$'));
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            // When the JSON could not be read, MVC also reports the action parameter itself as missing: noise.
            if (hasBodyErrors && IsActionBodyParameter(context, key))
            {
                continue;
            }

            var name = ToWireName(key);
            var messages = entry.Errors.Select(e => Sanitize(key, e)).Distinct(StringComparer.Ordinal);
            errors[name] = errors.TryGetValue(name, out var existing) ? [.. existing.Union(messages)] : [.. messages];
        }

        var factory = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>();
        var problem = factory.CreateValidationProblemDetails(
            context.HttpContext,
            new ModelStateDictionary(),
            StatusCodes.Status400BadRequest,
            detail: "One or more fields are invalid; see errors.");
        foreach (var (name, messages) in errors)
        {
            problem.Errors[name] = messages;
        }

        return new BadRequestObjectResult(problem) { ContentTypes = { MediaTypes.ProblemJson } };
    }

    /// <summary><c>$.amount</c> → <c>amount</c>; <c>$</c> or empty → <c>body</c>; <c>PageSize</c> → <c>pageSize</c>.</summary>
    internal static string ToWireName(string key)
    {
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key;
        if (name.Length == 0 || name == "$")
        {
            return BodyKey;
        }

        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string Sanitize(string key, ModelError error)
    {
        if (key.Length == 0 || key.StartsWith('$'))
        {
            // JSON reader and converter messages name CLR types; keep ours. An empty body gets its own.
            if (error.Exception is InvalidAmountException amount)
            {
                return amount.Message;
            }

            return error.ErrorMessage.StartsWith("A non-empty request body", StringComparison.Ordinal)
                ? "A JSON request body is required."
                : InvalidJson;
        }

        return error.Exception is null && error.ErrorMessage.Length > 0 ? error.ErrorMessage : "The value is not valid.";
    }

    private static bool IsActionBodyParameter(ActionContext context, string key) =>
        context.ActionDescriptor.Parameters.Any(p =>
            p.BindingInfo?.BindingSource == BindingSource.Body && string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
}
