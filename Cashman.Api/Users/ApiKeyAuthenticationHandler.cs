using System.Security.Claims;
using System.Text.Encodings.Web;
using Cashman.Api.Accounts;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Users;

/// <summary>Authenticates <c>X-API-Key</c> by its owner and the SHA-256 of the key; a revoked or unknown key fails.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CashmanDbContext db,
    CredentialOwners credentialOwners,
    CallerAccounts callerAccounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(CashmanClaims.ApiKeyHeader, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = values.ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.Fail("Empty API key.");
        }

        var hash = SecretGenerator.Hash(presented);
        var owner = await credentialOwners.FindAsync(presented, hash, Context.RequestAborted);
        var key = owner is { } id ? await CallerSnapshots.OfApiKeyAsync(db, id, hash, Context.RequestAborted) : null;
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        callerAccounts.Remember(key);
        var identity = new ClaimsIdentity(
            [new Claim(CashmanClaims.Subject, key.UserId.ToString()), new Claim(CashmanClaims.ApiKeyId, key.ApiKeyId!.Value.ToString())],
            Scheme.Name,
            CashmanClaims.Subject,
            null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = $"{CashmanClaims.ApiKeyScheme} header=\"{CashmanClaims.ApiKeyHeader}\"";
        return Task.CompletedTask;
    }
}
