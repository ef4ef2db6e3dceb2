using System.Security.Claims;
using Cashman.Api.Accounts;
using Cashman.Api.RateLimiting;
using Cashman.Domain.Accounts;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Users;

/// <summary>JWT bearer and API-key authentication, authorization that requires one of them by default, and the rate limits.</summary>
internal static class AuthenticationSetup
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA512; the hasher re-hashes older hashes on login.</summary>
    public const int PasswordIterations = 210_000;

    public static IServiceCollection AddCashmanAuthentication(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSettings<JwtOptions>(JwtOptions.SectionName);
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddSettings<RateLimitingOptions>(RateLimitingOptions.SectionName);
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordIterations);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<DecoyPasswordHash>();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<RateLimits>();
        services.AddScoped<Passwords>();
        services.AddScoped<AccountService>();
        services.AddScoped<SessionService>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<CredentialOwners>();

        // No default scheme: credentials are looked at only where an endpoint asks for them ([Authorize], through the
        // default policy below), never for anonymous endpoints such as /health/live, which must answer the same with or
        // without credentials, also while the database is down.
        services.AddAuthentication()
            .AddPolicyScheme(CashmanClaims.Scheme, "Bearer token or API key", o =>
                o.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(CashmanClaims.ApiKeyHeader)
                    ? CashmanClaims.ApiKeyScheme
                    : CashmanClaims.BearerScheme)
            .AddJwtBearer(CashmanClaims.BearerScheme, o =>
            {
                o.MapInboundClaims = false;

                // WWW-Authenticate names the scheme and, for a token that failed, error="invalid_token"; never why.
                o.IncludeErrorDetails = false;
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = RejectRevokedSessionAsync,
                    OnChallenge = context =>
                    {
                        context.Error = context.AuthenticateFailure is null ? null : "invalid_token";
                        context.ErrorDescription = null;
                        context.ErrorUri = null;
                        return Task.CompletedTask;
                    },
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CashmanClaims.ApiKeyScheme, null);
        services.AddOptions<JwtBearerOptions>(CashmanClaims.BearerScheme)
            .Configure<IOptions<JwtOptions>, TimeProvider>((o, jwt, time) =>
            {
                o.TimeProvider = time;
                o.TokenValidationParameters = AccessTokenIssuer.ValidationParameters(jwt.Value, time);
            });

        // [Authorize] means "a bearer token or an API key". Every endpoint states [Authorize] or [AllowAnonymous]
        // (a test enforces it); no fallback policy, so that an unknown route stays a 404 for everyone.
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(CashmanClaims.Scheme).RequireAuthenticatedUser().Build());

        return services;
    }

    /// <summary>
    /// Logout must end an access token at once, on every replica: each bearer request checks that its login
    /// (<c>sid</c>) is not revoked, with one primary-key lookup that also brings the caller's settings.
    /// </summary>
    private static async Task RejectRevokedSessionAsync(TokenValidatedContext context)
    {
        if (!await RememberOpenLoginAsync(context.HttpContext, context.Principal))
        {
            context.Fail("The token's login is not open.");
        }
    }

    /// <summary>
    /// Whether the login a principal names (<c>sid</c> of <c>sub</c>) is still open: one primary-key read, which also
    /// brings the caller's settings for the request. A bearer token and the web client's cookie are checked alike.
    /// </summary>
    public static async Task<bool> RememberOpenLoginAsync(HttpContext context, ClaimsPrincipal? principal)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Guid.TryParse(principal?.FindFirst(CashmanClaims.Session)?.Value, out var sessionId) ||
            !Guid.TryParse(principal?.FindFirst(CashmanClaims.Subject)?.Value, out var userId))
        {
            return false;
        }

        var db = context.RequestServices.GetRequiredService<CashmanDbContext>();
        if (await CallerSnapshots.OfSessionAsync(db, sessionId, userId, context.RequestAborted) is not { } snapshot)
        {
            return false;
        }

        context.RequestServices.GetRequiredService<CallerAccounts>().Remember(snapshot);
        return true;
    }
}
