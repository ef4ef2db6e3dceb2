using Cashman.Api.Contracts;
using Cashman.Api.Options;
using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cashman.Api.Authentication;

/// <summary>Registration, login, refresh-token rotation with reuse detection, and logout.</summary>
public sealed class AccountService(
    CashmanDbContext db,
    IPasswordHasher<User> passwordHasher,
    DecoyPasswordHash decoy,
    AccessTokenIssuer accessTokens,
    CurrentUser currentUser,
    IOptions<JwtOptions> jwtOptions,
    TimeProvider timeProvider)
{
    public const string InvalidCredentials = "The email or password is incorrect.";
    public const string InvalidRefreshToken = "The refresh token is invalid, expired or revoked. Log in again.";

    public async Task<UserResponse> RegisterAsync(CredentialsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = timeProvider.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        User? user = null;
        string? password = null;
        Collect(errors, () => user = new User(Guid.CreateVersion7(now), request.Email!, now));
        Collect(errors, () => password = AccountRules.ValidatePassword(request.Password));
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        user!.SetPasswordHash(passwordHasher.HashPassword(user, password!));
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException("An account with this email already exists.");
        }

        return new UserResponse(user.Id, user.Email);
    }

    public async Task<TokenResponse> LoginAsync(CredentialsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TextRules.RejectControlCharacters(request.Email, "email");
        var normalized = AccountRules.NormalizeEmail(request.Email?.Trim() ?? string.Empty);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var password = request.Password ?? string.Empty;
        if (user is null)
        {
            passwordHasher.VerifyHashedPassword(null!, decoy.Value, password);
            throw new AuthenticationFailedException(InvalidCredentials);
        }

        var verification = user.PasswordHash.Length == 0
            ? PasswordVerificationResult.Failed
            : passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            throw new AuthenticationFailedException(InvalidCredentials);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.SetPasswordHash(passwordHasher.HashPassword(user, password));
        }

        var now = timeProvider.GetUtcNow();
        var session = new Session(Guid.CreateVersion7(now), user.Id, now);
        db.Sessions.Add(session);
        var pair = NewPair(user.Id, session.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        return pair;
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
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken)
            ?? throw new AuthenticationFailedException(InvalidRefreshToken);
        var session = await db.Sessions.SingleAsync(s => s.Id == token.SessionId, cancellationToken);
        if (session.IsRevoked || token.IsExpired(now))
        {
            throw new AuthenticationFailedException(InvalidRefreshToken);
        }

        // Rotate atomically: of two requests presenting the same token, exactly one marks it used.
        var rotated = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.RotatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), cancellationToken);
        if (rotated == 0)
        {
            // Already rotated: someone holds a copy. End the whole login.
            session.Revoke(now);
            await db.SaveChangesAsync(cancellationToken);
            throw new AuthenticationFailedException(InvalidRefreshToken);
        }

        var pair = NewPair(token.UserId, session.Id, now);
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

    public async Task<UserResponse> MeAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        return await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new UserResponse(u.Id, u.Email))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException();
    }

    private TokenResponse NewPair(Guid userId, Guid sessionId, DateTimeOffset now)
    {
        var refreshToken = SecretGenerator.NewRefreshToken();
        db.RefreshTokens.Add(new RefreshToken(
            Guid.CreateVersion7(now),
            sessionId,
            userId,
            SecretGenerator.Hash(refreshToken),
            now,
            now.AddDays(jwtOptions.Value.RefreshTokenDays)));
        return new TokenResponse(accessTokens.Issue(userId, sessionId), refreshToken, "Bearer", accessTokens.LifetimeSeconds);
    }

    private static DomainValidationException RefreshTokenRequired() =>
        new(new Dictionary<string, string[]> { ["refreshToken"] = ["The refresh token is required."] });

    private static void Collect(Dictionary<string, string[]> errors, Action validate)
    {
        try
        {
            validate();
        }
        catch (DomainValidationException exception)
        {
            foreach (var (field, messages) in exception.Errors)
            {
                errors[field] = messages;
            }
        }
    }
}
