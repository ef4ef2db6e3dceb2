using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cashman.Api.OpenApi;

/// <summary>
/// Makes every schema a contract a code generator can trust: money is a <c>number</c> with <c>multipleOf: 0.01</c> and its
/// bounds (never <c>format: double</c>), strings, arrays and integers have their limits (<see cref="SchemaLimitsAttribute"/>,
/// or what their format implies), and problem documents list their members instead of allowing any.
/// </summary>
public sealed class ContractSchemaFilter : ISchemaFilter
{
    /// <summary>The widest a sum of amounts can be: numeric(20,2) totals.</summary>
    public const string MaxTotal = "999999999999999999.99";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        if (context.Type == typeof(ProblemDetails) || context.Type == typeof(ValidationProblemDetails) || context.Type == typeof(HttpValidationProblemDetails))
        {
            DescribeProblem(concrete, context.Type != typeof(ProblemDetails));
            return;
        }

        if (context.Type == typeof(IReadOnlyDictionary<string, string>))
        {
            concrete.MaxProperties = 20;
            concrete.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 };
            return;
        }

        if (context.Type == typeof(IReadOnlyDictionary<string, string[]>))
        {
            // An import row's errors: per field, what is wrong.
            concrete.MaxProperties = 10;
            concrete.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, MaxItems = 10, Items = Text("A message.", 500) };
            return;
        }

        if (context.Type == typeof(IReadOnlyList<Transactions.TransactionResponse>))
        {
            // The export: every matching row, as many as the account holds.
            concrete.MaxItems = int.MaxValue;
            return;
        }

        if (context.Type == typeof(IReadOnlyList<Users.ApiKeyResponse>))
        {
            concrete.MaxItems = Users.ApiKeyService.MaxActiveKeys;
            return;
        }

        if (IsResponse(context.Type) && concrete.Properties is { Count: > 0 })
        {
            // Every member of an answer is sent, null where it has no value; only what is written "when not null" may be absent.
            concrete.Required = new HashSet<string>(context.Type.GetProperties()
                .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null or { Condition: not JsonIgnoreCondition.WhenWritingNull })
                .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
                .Where(concrete.Properties.ContainsKey));
        }

        var limits = (context.MemberInfo as PropertyInfo)?.GetCustomAttribute<SchemaLimitsAttribute>()
            ?? (context.ParameterInfo?.GetCustomAttribute<SchemaLimitsAttribute>());
        Apply(concrete, context.Type, limits);
    }

    /// <summary>Limits for one schema of <paramref name="type"/>, from <paramref name="limits"/> where given.</summary>
    public static void Apply(OpenApiSchema schema, Type type, SchemaLimitsAttribute? limits)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(decimal))
        {
            schema.Format = null;
            schema.MultipleOf = 0.01m;
            schema.Minimum = limits?.Minimum ?? schema.Minimum ?? "-" + MaxTotal;
            schema.Maximum = limits?.Maximum ?? schema.Maximum ?? MaxTotal;
            return;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.Integer) == true)
        {
            schema.Minimum ??= limits?.Minimum ?? "0";
            schema.Maximum ??= limits?.Maximum ?? (schema.Format == "int64" ? long.MaxValue : int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.Array) == true)
        {
            schema.MaxItems ??= limits is { MaxItems: >= 0 } ? limits.MaxItems : null;
            schema.MinItems ??= limits is { MinLength: >= 0 } ? limits.MinLength : null;

            // An array of strings: MaxLength and Pattern are its items'.
            if (schema.Items is OpenApiSchema items && items.Type?.HasFlag(JsonSchemaType.String) == true && limits is { MaxLength: >= 0 })
            {
                items.MaxLength = limits.MaxLength;
                items.Pattern ??= limits.Pattern;
            }

            return;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.String) == true)
        {
            if (limits is { MaxLength: >= 0 })
            {
                schema.MaxLength = limits.MaxLength;
            }

            if (limits is { MinLength: >= 0 })
            {
                schema.MinLength = limits.MinLength;
            }

            schema.Pattern ??= limits?.Pattern;
            schema.MaxLength ??= schema.Format switch
            {
                "uuid" => 36,
                "date" => 10,
                "date-time" => 35,
                "uri" => 2048,
                _ => null,
            };
        }
    }

    private static void DescribeProblem(OpenApiSchema schema, bool validation)
    {
        schema.AdditionalPropertiesAllowed = false;
        schema.AdditionalProperties = null;
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI that identifies the kind of problem: the RFC section of the status.", 2048, "uri"),
            ["title"] = Text("The status's reason phrase.", 100),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status." },
            ["detail"] = Text("What went wrong, for a person to read.", 1000),
            ["instance"] = Text("The path of the request.", 2048),
            ["traceId"] = Text("The request's W3C trace id; quote it when reporting a problem.", 64),
        };
        if (validation)
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For each invalid field, query parameter or header (by its wire name), what is wrong with it.",
                MaxProperties = 100,
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    MaxItems = 10,
                    Items = Text("A message.", 500),
                },
            };
        }

        schema.Required = new HashSet<string>(["type", "title", "status", "detail", "traceId"]);
        var example = validation
            ? """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad Request","status":400,"detail":"One or more fields are invalid; see errors.","instance":"/expenses","traceId":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","errors":{"amount":["The amount must have at most 2 decimal places."]}}"""
            : """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"detail":"The requested resource was not found.","instance":"/expenses/0195f0c4-64a8-7d44-9c1a-3e4b2f6a8d10","traceId":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""";
        schema.Examples = [System.Text.Json.Nodes.JsonNode.Parse(example)!];
    }

    /// <summary>The shapes the API answers with (request bodies and queries are described by what they accept).</summary>
    private static bool IsResponse(Type type) =>
        type.Assembly == typeof(ContractSchemaFilter).Assembly &&
        !type.Name.EndsWith("Request", StringComparison.Ordinal) && !type.Name.EndsWith("Query", StringComparison.Ordinal);

    private static OpenApiSchema Text(string description, int maxLength, string? format = null) =>
        new() { Type = JsonSchemaType.String, Description = description, MaxLength = maxLength, Format = format };
}

/// <summary>Bounds shared by the money members' annotations.</summary>
public static class MoneyBounds
{
    public const string MaxAbsolute = "1000000000";
    public const string MinSigned = "-1000000000";
    public const string Zero = "0";
}
