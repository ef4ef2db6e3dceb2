using System.Security.Claims;

namespace Cashman.Api.Users;

/// <summary>
/// The authenticated caller, from the token's or key's <c>sub</c> claim; never from a request body. Background work that
/// does one user's work (posting their recurring transactions) names that user in a scope of its own with
/// <see cref="ActFor"/>, so that the same services and their per-user queries serve it.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private Guid? _actingFor;

    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid Id => _actingFor
        ?? (Guid.TryParse(Principal.FindFirstValue(CashmanClaims.Subject), out var id)
            ? id
            : throw new InvalidOperationException("No authenticated user on this request."));

    /// <summary>The login the access token belongs to, or null for an API key.</summary>
    public Guid? SessionId => Guid.TryParse(Principal.FindFirstValue(CashmanClaims.Session), out var id) ? id : null;

    /// <summary>Makes <paramref name="userId"/> the user of this scope, which must be a background scope (no request).</summary>
    public void ActFor(Guid userId)
    {
        if (accessor.HttpContext is not null)
        {
            throw new InvalidOperationException("A request's user comes from its credentials only.");
        }

        _actingFor = userId;
    }
}
