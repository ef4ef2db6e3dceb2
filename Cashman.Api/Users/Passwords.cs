using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Users;

/// <summary>The one place that checks and replaces passwords, with ASP.NET Core's <see cref="IPasswordHasher{TUser}"/>.</summary>
public sealed class Passwords(CashmanDbContext db, IPasswordHasher<User> passwordHasher, DecoyPasswordHash decoy, TimeProvider timeProvider)
{
    public const string WrongPassword = "The password is incorrect.";

    /// <summary>A hash of <paramref name="password"/> for <paramref name="user"/>.</summary>
    public string Hash(User user, string password) => passwordHasher.HashPassword(user, password);

    /// <summary>
    /// Checks the password against the stored hash (re-hashing an outdated one); a mismatch, or no user (checked against
    /// a decoy hash, so that it takes as long), is a 401 with <paramref name="failure"/>.
    /// </summary>
    public void Verify(User? user, string password, string failure)
    {
        if (user is null)
        {
            passwordHasher.VerifyHashedPassword(null!, decoy.Value, password);
            throw new AuthenticationFailedException(failure);
        }

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
    public async Task ReplaceAsync(Guid userId, string? currentPassword, string newPassword, Guid? keepSession, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        string? newHash = null;
        await db.WithUserLockedAsync(
            userId,
            async (context, user, c) =>
            {
                if (currentPassword is not null)
                {
                    Verify(user, currentPassword, WrongPassword);
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
}
