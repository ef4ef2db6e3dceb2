using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cashman.Api.OpenApi;

/// <summary>
/// Marks a property as required in the OpenAPI schema only. The domain model enforces it, so that one
/// 400 reports every invalid field instead of stopping at the first missing one in model validation.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredInSchemaAttribute : Attribute;

/// <summary>
/// Adds properties marked <see cref="RequiredInSchemaAttribute"/> to their schema's <c>required</c> list and takes
/// <c>null</c> out of their type: C# declares them nullable only so that the domain can name every missing one at once.
/// </summary>
public sealed class RequiredInSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (schema is not OpenApiSchema concrete || concrete.Properties is null)
        {
            return;
        }

        foreach (var property in context.Type.GetProperties().Where(p => p.GetCustomAttribute<RequiredInSchemaAttribute>() is not null))
        {
            var name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            if (concrete.Properties.TryGetValue(name, out var member))
            {
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
                if (member is OpenApiSchema { Type: { } type } inline)
                {
                    inline.Type = type & ~JsonSchemaType.Null;
                }
            }
        }
    }
}
