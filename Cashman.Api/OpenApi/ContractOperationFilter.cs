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
    private static readonly Dictionary<int, string> Shared = new()
    {
        [StatusCodes.Status400BadRequest] = "A query parameter, header or the body is invalid, unknown or repeated; `errors` names it.",
        [StatusCodes.Status401Unauthorized] = "No valid credentials: send `Authorization: Bearer <accessToken>` or `X-API-Key: <key>`.",
        [StatusCodes.Status429TooManyRequests] = "Over the rate limit; wait for the seconds in `Retry-After`.",
        [StatusCodes.Status500InternalServerError] = "An unexpected error; quote the `traceId` when reporting it.",
        [StatusCodes.Status503ServiceUnavailable] = "The database cannot be reached; nothing was changed. Retry after the seconds in `Retry-After`.",
    };

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
            var limit = (int)ErrorHandling.RequestBodyTexts.Limit(metadata);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The file itself.",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [body.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = limit } },
                },
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
        Add(operation, context, StatusCodes.Status400BadRequest, typeof(ValidationProblemDetails));
        Add(operation, context, StatusCodes.Status500InternalServerError, typeof(ProblemDetails));
        Add(operation, context, StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails));

        if (secured)
        {
            Add(operation, context, StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
        }

        if (limited)
        {
            Add(operation, context, StatusCodes.Status429TooManyRequests, typeof(ProblemDetails));
        }

        if (readsBody)
        {
            Add(operation, context, StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails));
            Add(operation, context, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
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

    private static void Add(OpenApiOperation operation, OperationFilterContext context, int status, Type problem)
    {
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(code))
        {
            return;
        }

        operation.Responses[code] = new OpenApiResponse
        {
            Description = status switch
            {
                StatusCodes.Status413PayloadTooLarge => ErrorHandling.RequestBodyTexts.TooLarge(context.ApiDescription.ActionDescriptor.EndpointMetadata),
                StatusCodes.Status415UnsupportedMediaType => ErrorHandling.RequestBodyTexts.Unsupported(context.ApiDescription.ActionDescriptor.EndpointMetadata),
                _ => Shared[status],
            },
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                [Http.MediaTypes.ProblemJson] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(problem, context.SchemaRepository) },
            },
        };
    }

    private static OpenApiHeader Header(string description, string example) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        Example = example,
    };
}
