using System.Globalization;
using Cashman.Api.Imports;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cashman.Api.Http;

/// <summary>
/// Numbers from the query string and the route, read as strictly as JSON numbers: MVC's default reads <c>%205</c> as 5
/// and <c>1,5</c> as 15 (thousands), and rounds <c>0.0099999999999999999999999999999</c> to 0.01. Whole numbers are
/// digits with an optional sign; amounts go through <see cref="AmountText"/> at their exact value.
/// </summary>
public sealed class StrictNumberModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
        var text = result.FirstValue ?? string.Empty;
        var type = bindingContext.ModelMetadata.UnderlyingOrModelType;
        var name = bindingContext.ModelMetadata.Name ?? bindingContext.ModelName;
        name = name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
        try
        {
            object? value;
            if (type == typeof(decimal))
            {
                value = text.Contains(',', StringComparison.Ordinal) ? null : AmountText.Parse(text, '.');
            }
            else if (type == typeof(long))
            {
                value = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wide) ? wide : null;
            }
            else
            {
                value = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole : null;
            }

            if (value is null)
            {
                bindingContext.ModelState.TryAddModelError(
                    bindingContext.ModelName,
                    type == typeof(decimal) ? $"The {name} must be a number such as 12.50." : $"The {name} must be a whole number.");
                return Task.CompletedTask;
            }

            bindingContext.Result = ModelBindingResult.Success(value);
        }
        catch (InvalidAmountException exception)
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, exception.Message.Replace("The amount", $"The {name}", StringComparison.Ordinal));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Binds every <see cref="int"/>, <see cref="long"/> and <see cref="decimal"/> that is not read from a body with <see cref="StrictNumberModelBinder"/>.</summary>
public sealed class StrictNumberModelBinderProvider : IModelBinderProvider
{
    private static readonly StrictNumberModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.Metadata.UnderlyingOrModelType;
        return type == typeof(int) || type == typeof(long) || type == typeof(decimal) ? Binder : null;
    }
}
