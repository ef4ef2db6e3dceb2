using System.Security.Claims;

namespace Cashman.Api.Users;

/// <summary>The authenticated caller, from the token's or key's <c>sub</c> claim; never from a request body.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid Id => Guid.TryParse(Principal.FindFirstValue(CashmanClaims.Subject), out var id)
        ? id
        : throw new InvalidOperationException("No authenticated user on this request.");

    /// <summary>The login the access token belongs to, or null for an API key.</summary>
    public Guid? SessionId => Guid.TryParse(Principal.FindFirstValue(CashmanClaims.Session), out var id) ? id : null;
}
