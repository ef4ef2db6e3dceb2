using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cashman.Api.Users;

/// <summary>Registration, login, refresh-token rotation with reuse detection, and logout.</summary>
public sealed class AccountService(
    CashmanDbContext db,
    IPasswordHasher<User> passwordHasher,
    DecoyPasswordHash decoy,
    CredentialOwners credentialOwners,
    AccessTokenIssuer accessTokens,
    CurrentUser currentUser,
    IOptions<JwtOptions> jwtOptions,
    IOptions<UsersOptions> usersOptions,
    TimeProvider timeProvider)
{
    public const string InvalidCredentials = "The email or password is incorrect.";
    public const string InvalidRefreshToken = "The refresh token is invalid, expired or revoked. Log in again.";
    public const string WrongPassword = "The password is incorrect.";

    public const string RegistrationClosed = "Registration is closed on this server; ask its operator to add you.";

    /// <summary>Self-service registration; a 403 when the operator closed it.</summary>
    public Task<UserResponse> RegisterAsync(CredentialsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return usersOptions.Value.RegistrationOpen
            ? CreateUserAsync(request, cancellationToken)
            : throw new ForbiddenException(RegistrationClosed);
    }

    /// <summary>The operator's <c>users add</c>: a new user with a one-time password, returned to be handed over once.</summary>
    public async Task<(UserResponse User, string Password)> AddUserAsync(string email, CancellationToken cancellationToken)
    {
        var password = SecretGenerator.NewOneTimePassword();
        return (await CreateUserAsync(new CredentialsRequest { Email = email, Password = password }, cancellationToken), password);
    }

    /// <summary>
    /// The operator's <c>users reset-password</c>: a new one-time password for a user who forgot theirs, and every login
    /// of that user ends (API keys stay: they are not signed in with the password).
    /// </summary>
    public async Task<string> ResetPasswordAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var user = await db.FindByEmailAsync(AccountRules.NormalizeEmail(email.Trim()), cancellationToken)
            ?? throw new NotFoundException();
        var password = SecretGenerator.NewOneTimePassword();
        await ReplacePasswordAsync(user.Id, currentPassword: null, password, keepSession: null, cancellationToken);
        return password;
    }

    private async Task<UserResponse> CreateUserAsync(CredentialsRequest request, CancellationToken cancellationToken)
    {
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
        db.AddAccount(user);
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
        var user = await db.FindByEmailAsync(normalized, cancellationToken);
        var password = request.Password ?? string.Empty;
        if (user is null)
        {
            passwordHasher.VerifyHashedPassword(null!, decoy.Value, password);
            throw new AuthenticationFailedException(InvalidCredentials);
        }

        VerifyPassword(user, password, InvalidCredentials);
        var now = timeProvider.GetUtcNow();
        var session = new Session(Guid.CreateVersion7(now), user.Id, now);
        db.Sessions.Add(session);
        var pair = NewPair(session, now);
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

    /// <summary>
    /// Changes the caller's password and ends every other login of the account (API keys stay). The user is locked while
    /// its current password is checked and replaced: of two concurrent changes from one login, the second checks against
    /// the password the first set, and is a 401.
    /// </summary>
    public async Task ChangePasswordAsync(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var newPassword = AccountRules.ValidatePassword(request.NewPassword, "newPassword");
        await ReplacePasswordAsync(currentUser.Id, request.CurrentPassword ?? string.Empty, newPassword, currentUser.SessionId, cancellationToken);
    }

    /// <summary>Erases the caller's account and everything it owns, once its password confirms the request.</summary>
    public async Task DeleteAccountAsync(DeleteAccountRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await CallerAsync(cancellationToken);
        VerifyPassword(user, request.Password ?? string.Empty, WrongPassword);
        await db.EraseAccountAsync(user.Id, cancellationToken);
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

    private async Task<User> CallerAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        return await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new NotFoundException();
    }

    /// <summary>Checks the password against the stored hash (re-hashing an outdated one); a mismatch is a 401 with <paramref name="failure"/>.</summary>
    private void VerifyPassword(User user, string password, string failure)
    {
        var verification = user.PasswordHash.Length == 0
            ? PasswordVerificationResult.Failed
            : passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            throw new AuthenticationFailedException(failure);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.SetPasswordHash(passwordHasher.HashPassword(user, password));
        }
    }

    /// <summary>
    /// Sets a new password with the user locked, after checking <paramref name="currentPassword"/> when one is given, and
    /// ends every login of the user but <paramref name="keepSession"/>.
    /// </summary>
    private async Task ReplacePasswordAsync(Guid userId, string? currentPassword, string newPassword, Guid? keepSession, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        string? newHash = null;
        await db.WithUserLockedAsync(
            userId,
            async (context, user, c) =>
            {
                if (currentPassword is not null)
                {
                    VerifyPassword(user, currentPassword, WrongPassword);
                }

                newHash = passwordHasher.HashPassword(user, newPassword);
                user.SetPasswordHash(newHash);
                await context.Sessions
                    .Where(s => s.UserId == userId && s.Id != keepSession && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), c);
            },
            (context, c) => context.Users.AnyAsync(u => u.Id == userId && u.PasswordHash == newHash, c),
            cancellationToken);
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
