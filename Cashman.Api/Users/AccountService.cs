using Cashman.Api.Accounts;
using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cashman.Api.Users;

/// <summary>The user's account: registration (and the operator's additions and resets), the password, erasure, <c>me</c>.</summary>
public sealed class AccountService(
    CashmanDbContext db,
    Passwords passwords,
    CurrentUser currentUser,
    IOptions<UsersOptions> usersOptions,
    IOptions<MoneyOptions> moneyOptions,
    TimeProvider timeProvider)
{
    public const string RegistrationClosed = "Registration is closed on this server; ask its operator to add you.";

    /// <summary>Self-service registration; a 403 when the operator closed it.</summary>
    public Task<UserResponse> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken)
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
        return (await CreateUserAsync(new RegisterRequest { Email = email, Password = password }, cancellationToken), password);
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
        await passwords.ReplaceAsync(user.Id, currentPassword: null, password, keepSession: null, cancellationToken);
        return password;
    }

    private async Task<UserResponse> CreateUserAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        User? user = null;
        string? password = null;
        Collect(errors, () => user = new User(Guid.CreateVersion7(now), request.Email!, now));
        Collect(errors, () => password = AccountRules.ValidatePassword(request.Password));
        var baseCurrency = request.BaseCurrency ?? moneyOptions.Value.DefaultCurrency;
        var timeZone = request.TimeZone ?? MoneyRules.DefaultTimeZone;
        foreach (var (field, messages) in UserSettings.Validate(baseCurrency, timeZone))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        user!.SetPasswordHash(passwords.Hash(user, password!));
        db.AddAccount(user, baseCurrency, timeZone, now);
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

    /// <summary>
    /// Changes the caller's password and ends every other login of the account (API keys stay). The user is locked while
    /// its current password is checked and replaced: of two concurrent changes from one login, the second checks against
    /// the password the first set, and is a 401.
    /// </summary>
    public async Task ChangePasswordAsync(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var newPassword = AccountRules.ValidatePassword(request.NewPassword, "newPassword");
        await passwords.ReplaceAsync(currentUser.Id, request.CurrentPassword ?? string.Empty, newPassword, currentUser.SessionId, cancellationToken);
    }

    /// <summary>Erases the caller's account and everything it owns, once its password confirms the request.</summary>
    public async Task DeleteAccountAsync(DeleteAccountRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await CallerAsync(cancellationToken);
        passwords.Verify(user, request.Password ?? string.Empty, Passwords.WrongPassword);
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
