using Cashman.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>An account's rows beyond <c>users</c>: the address lookup that login and registration go through.</summary>
public static class AccountRows
{
    /// <summary>Adds the account and its address lookup; saving fails with a unique violation when the address is taken.</summary>
    public static void AddAccount(this CashmanDbContext db, User user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        db.Users.Add(user);
        db.UserEmails.Add(new UserEmail { NormalizedEmail = user.NormalizedEmail, UserId = user.Id });
    }

    /// <summary>The account of a normalised address: one lookup by address, then one by id, each on one shard.</summary>
    public static async Task<User?> FindByEmailAsync(this CashmanDbContext db, string normalizedEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var userId = await db.UserEmails.AsNoTracking()
            .Where(e => e.NormalizedEmail == normalizedEmail)
            .Select(e => (Guid?)e.UserId)
            .SingleOrDefaultAsync(cancellationToken);
        return userId is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
    }
}
