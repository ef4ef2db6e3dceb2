using Cashman.Api.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cashman.Api.OpenApi;

/// <summary>
/// Marks every operation that needs a caller (all but [AllowAnonymous]) with both schemes, so Swagger UI's
/// Authorize button applies to it and the document says which operations are open.
/// </summary>
public sealed class SecurityRequirementsOperationFilter : IOperationFilter
{
    public static void AddSchemes(SwaggerGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSecurityDefinition(CashmanClaims.BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The accessToken from POST /auth/login or /auth/refresh: an HS256 JWT, issued and validated as RFC8725 (JWT best practices) asks: one algorithm, issuer, audience and lifetime checked, 15 minutes by default.",
        });
        options.AddSecurityDefinition(CashmanClaims.ApiKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = CashmanClaims.ApiKeyHeader,
            Description = "A key from POST /auth/api-keys.",
        });
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CashmanClaims.BearerScheme, context.Document)] = [] });
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CashmanClaims.ApiKeyScheme, context.Document)] = [] });
    }
}
