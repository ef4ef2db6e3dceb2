using System.Globalization;
using Cashman.Api.ErrorHandling;
using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cashman.Api.OpenApi;

/// <summary>
/// Lists every status an operation can answer (the ones every endpoint shares: 400 for an unknown query parameter, 401
/// and 429 where credentials are needed, 413 and 415 where a body is read, 500 and 503), names parameters as they are
/// on the wire (<c>pageSize</c>, not <c>PageSize</c>), bounds header parameters, and documents the rate-limit header fields on
/// the answers that carry them.
/// </summary>
public sealed class ContractOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var secured = !metadata.OfType<IAllowAnonymous>().Any();
        var limited = secured || metadata.OfType<RateLimitedByAddressAttribute>().Any();
        var readsBody = context.ApiDescription.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)
            || metadata.OfType<Http.RequestBodyTypeAttribute>().Any();

        // An endpoint that reads its body itself (the import) has no body parameter for Swashbuckle to describe.
        if (operation.RequestBody is null && metadata.OfType<Http.RequestBodyTypeAttribute>().LastOrDefault() is { } body)
        {
            var limit = (int)StatusTexts.Limit(metadata);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The file itself.",
                Content = body.MediaTypes.ToDictionary(
                    type => type,
                    IOpenApiMediaType (_) => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = limit } }),
            };
        }

        var idempotent = metadata.OfType<IdempotentAttribute>().Any();
        if (idempotent)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKey.HeaderName,
                In = ParameterLocation.Header,
                Description = IdempotencyKey.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength },
            });
        }

        operation.Responses ??= [];
        var shared = new List<int> { StatusCodes.Status400BadRequest, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable };
        if (secured)
        {
            shared.Add(StatusCodes.Status401Unauthorized);
        }

        if (limited)
        {
            shared.Add(StatusCodes.Status429TooManyRequests);
        }

        if (readsBody)
        {
            shared.AddRange([StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        }

        // Every error an action documents in its own words (an XML <response>) gets its problem document too.
        var documented = operation.Responses.Keys
            .Select(code => int.Parse(code, CultureInfo.InvariantCulture))
            .Where(code => code >= StatusCodes.Status400BadRequest);
        foreach (var status in shared.Union(documented).Order())
        {
            Add(operation, context, status);
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["Access-Control-Allow-Origin"] = new OpenApiHeader
            {
                Description = "Present when the request came from a web origin listed in `Cors__AllowedOrigins` (none by default).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 },
            };
            if (limited && (code.StartsWith('2') || code.StartsWith('4')))
            {
                concrete.Headers[RateLimitMiddleware.PolicyHeader] = Header(
                    "The rate-limit policies that apply, as `\"name\";q=<requests>;w=<seconds>` (draft-ietf-httpapi-ratelimit-headers).",
                    "\"per-user\";q=600;w=60");
                concrete.Headers[RateLimitMiddleware.StateHeader] = Header(
                    "Where the caller stands in each policy, as `\"name\";r=<remaining>;t=<seconds until reset>`.",
                    "\"per-user\";r=599;t=42");
            }

            if (idempotent && code.StartsWith('2'))
            {
                concrete.Headers[IdempotencyKey.ReplayedHeaderName] = new OpenApiHeader
                {
                    Description = "`true` on the stored answer to a request sent again with its `Idempotency-Key`.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 4, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
                };
            }

            if (code is "429" or "503")
            {
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "3600" },
                };
            }
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && parameter.Name is { Length: > 0 } name)
            {
                parameter.Name = char.ToLowerInvariant(name[0]) + name[1..];
            }

            // The schema filter has given the parameter's schema its limits; headers we read as plain strings get a bound here.
            if (parameter.In == ParameterLocation.Header && parameter.Schema is OpenApiSchema schema)
            {
                schema.MaxLength ??= 1024;
            }
        }
    }

    /// <summary>
    /// Lists <paramref name="status"/> with its problem document and the shared text, unless the action documents it: then
    /// only the problem document is added to the action's own description.
    /// </summary>
    private static void Add(OpenApiOperation operation, OperationFilterContext context, int status)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!operation.Responses!.TryGetValue(code, out var existing))
        {
            existing = new OpenApiResponse { Description = StatusTexts.Text(status, metadata) };
            operation.Responses[code] = existing;
        }

        if (existing is OpenApiResponse { Content: null or { Count: 0 } } response)
        {
            var problem = status == StatusCodes.Status400BadRequest ? typeof(ValidationProblemDetails) : typeof(ProblemDetails);
            response.Content = new Dictionary<string, IOpenApiMediaType>
            {
                [MediaTypes.ProblemJson] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(problem, context.SchemaRepository) },
            };
        }
    }

    private static OpenApiHeader Header(string description, string example) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        Example = example,
    };
}
