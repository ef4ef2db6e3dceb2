using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Users;

/// <summary>Logins: signing in, refresh-token rotation with reuse detection, and logout.</summary>
public sealed class SessionService(
    CashmanDbContext db,
    Passwords passwords,
    CredentialOwners credentialOwners,
    AccessTokenIssuer accessTokens,
    CurrentUser currentUser,
    IOptions<JwtOptions> jwtOptions,
    TimeProvider timeProvider)
{
    public const string InvalidCredentials = "The email or password is incorrect.";
    public const string InvalidRefreshToken = "The refresh token is invalid, expired or revoked. Log in again.";

    public async Task<TokenResponse> LoginAsync(CredentialsRequest request, CancellationToken cancellationToken)
    {
        var (session, now) = await StartAsync(request, cancellationToken);
        var pair = NewPair(session, now);
        await db.SaveChangesAsync(cancellationToken);
        return pair;
    }

    /// <summary>
    /// Signs in for the web client: a login like any other (logout, a password change and erasure end it), held by a
    /// cookie instead of a token pair. Returns the login and when it ends at the latest.
    /// </summary>
    public async Task<(Session Session, DateTimeOffset EndsAt)> SignInAsync(CredentialsRequest request, CancellationToken cancellationToken)
    {
        var (session, _) = await StartAsync(request, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (session, session.EndsAt(SessionLifetime));
    }

    /// <summary>Ends the caller's own login (the web client's sign-out); nothing to do for an API key.</summary>
    public async Task EndCurrentAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var sessionId = currentUser.SessionId;
        var now = timeProvider.GetUtcNow();
        await db.Sessions
            .Where(s => s.UserId == userId && s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    /// <summary>Checks the credentials and adds a new login, not yet saved.</summary>
    private async Task<(Session Session, DateTimeOffset Now)> StartAsync(CredentialsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TextRules.RejectControlCharacters(request.Email, "email");
        var normalized = AccountRules.NormalizeEmail(request.Email?.Trim() ?? string.Empty);
        var user = await db.FindByEmailAsync(normalized, cancellationToken);
        passwords.Verify(user, request.Password ?? string.Empty, InvalidCredentials);
        var now = timeProvider.GetUtcNow();
        var session = new Session(Guid.CreateVersion7(now), user!.Id, now);
        db.Sessions.Add(session);
        return (session, now);
    }

    public async Task<TokenResponse> RefreshAsync(RefreshRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            throw RefreshTokenRequired();
        }

        var now = timeProvider.GetUtcNow();
        var hash = SecretGenerator.Hash(request.RefreshToken);
        var owner = await credentialOwners.FindAsync(request.RefreshToken, hash, cancellationToken)
            ?? throw new AuthenticationFailedException(InvalidRefreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.UserId == owner && t.TokenHash == hash, cancellationToken)
            ?? throw new AuthenticationFailedException(InvalidRefreshToken);
        // The purge may delete an ended login (and its tokens) between the two reads: that is an invalid token too.
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.UserId == owner && s.Id == token.SessionId, cancellationToken);
        if (session is null || session.IsRevoked || token.IsExpired(now) || session.EndsAt(SessionLifetime) <= now)
        {
            throw new AuthenticationFailedException(InvalidRefreshToken);
        }

        // Rotate atomically: of two requests presenting the same token, exactly one marks it used.
        var rotated = await db.RefreshTokens
            .Where(t => t.UserId == owner && t.Id == token.Id && t.RotatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), cancellationToken);
        if (rotated == 0)
        {
            // Already rotated: someone holds a copy. End the whole login.
            session.Revoke(now);
            await db.SaveChangesAsync(cancellationToken);
            throw new AuthenticationFailedException(InvalidRefreshToken);
        }

        var pair = NewPair(session, now);
        await db.SaveChangesAsync(cancellationToken);
        return pair;
    }

    /// <summary>Ends the login of the access token used for the call and the login of the given refresh token, if it is the caller's.</summary>
    public async Task LogoutAsync(RefreshRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            throw RefreshTokenRequired();
        }

        var userId = currentUser.Id;
        var hash = SecretGenerator.Hash(request.RefreshToken);
        var refreshSession = await db.RefreshTokens
            .Where(t => t.TokenHash == hash && t.UserId == userId)
            .Select(t => (Guid?)t.SessionId)
            .SingleOrDefaultAsync(cancellationToken);
        Guid?[] sessionIds = [currentUser.SessionId, refreshSession];
        var now = timeProvider.GetUtcNow();
        await db.Sessions
            .Where(s => s.UserId == userId && sessionIds.Contains(s.Id) && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    private TimeSpan SessionLifetime => TimeSpan.FromDays(jwtOptions.Value.SessionDays);

    /// <summary>A new token pair for the login; the refresh token expires with the login at the latest.</summary>
    private TokenResponse NewPair(Session session, DateTimeOffset now)
    {
        var refreshToken = SecretGenerator.NewRefreshToken(session.UserId);
        var expires = now.AddDays(jwtOptions.Value.RefreshTokenDays);
        var sessionEnds = session.EndsAt(SessionLifetime);
        db.RefreshTokens.Add(new RefreshToken(
            Guid.CreateVersion7(now),
            session.Id,
            session.UserId,
            SecretGenerator.Hash(refreshToken),
            now,
            expires < sessionEnds ? expires : sessionEnds));
        return new TokenResponse(accessTokens.Issue(session.UserId, session.Id), refreshToken, "Bearer", accessTokens.LifetimeSeconds);
    }

    private static DomainValidationException RefreshTokenRequired() =>
        new(new Dictionary<string, string[]> { ["refreshToken"] = ["The refresh token is required."] });

}
