using Cashman.Api.Idempotency;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Http;

/// <summary>
/// A header that carries one value, sent twice, is a 400 naming it: two <c>Idempotency-Key</c> headers must not become
/// the key <c>"k5,k6"</c>, nor two credentials one. Only endpoints that take credentials are checked: anonymous ones
/// (<c>/</c>, <c>/health/*</c>, login) ignore these headers altogether. Two credentials at once (a bearer token and an
/// API key) are a 400 too: which one counts must never be a silent choice.
/// </summary>
public sealed class SingleValuedHeadersMiddleware(RequestDelegate next)
{
    private static readonly string[] SingleValued =
        [HeaderNames.Authorization, CashmanClaims.ApiKeyHeader, IdempotencyKey.HeaderName, IfMatch.HeaderName];

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAuthorizeData>() is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return next(context);
        }

        // Every authenticated request passes here: nothing is allocated unless a header is repeated.
        Dictionary<string, string[]>? repeated = null;
        foreach (var name in SingleValued)
        {
            if (context.Request.Headers[name].Count > 1)
            {
                (repeated ??= [])[name] = [$"The {name} header must be sent once."];
            }
        }

        if (context.Request.Headers.ContainsKey(HeaderNames.Authorization) && context.Request.Headers.ContainsKey(CashmanClaims.ApiKeyHeader))
        {
            (repeated ??= [])[HeaderNames.Authorization] = [$"Send one credential: either Authorization or {CashmanClaims.ApiKeyHeader}, not both."];
        }

        return repeated is null ? next(context) : throw new DomainValidationException(repeated);
    }
}
