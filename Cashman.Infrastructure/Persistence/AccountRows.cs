using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>An account's rows beyond <c>users</c>: the address lookup that login and registration go through.</summary>
public static class AccountRows
{
    /// <summary>Adds a new user with its address lookup, its default account and its settings, to be saved together; saving fails with a unique violation when the address is taken.</summary>
    public static Account AddAccount(this CashmanDbContext db, User user, string baseCurrency, string timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        db.Users.Add(user);
        db.UserEmails.Add(new UserEmail { NormalizedEmail = user.NormalizedEmail, UserId = user.Id });

        // Every user has a default account ("Main", in the base currency) and settings that name it.
        var main = new Account(
            Guid.CreateVersion7(now),
            user.Id,
            new AccountDetails(MoneyRules.DefaultAccountName, AccountKind.Checking, baseCurrency, null, 0m, null, false),
            MoneyRules.Today(now, timeZone),
            now);
        db.Accounts.Add(main);
        db.UserSettings.Add(new UserSettings(user.Id, baseCurrency, timeZone, main.Id, now));
        return main;
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

    /// <summary>
    /// The user, tracked and locked (<c>FOR UPDATE</c>) until the database transaction ends, so that checks on the user
    /// and the writes they allow (the current password before a new one, the count of keys before another) are not
    /// interleaved with a concurrent request's. Null when the user no longer exists.
    /// </summary>
    public static async Task<User?> LockUserAsync(this CashmanDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Not composed: a single-row operator would wrap the locking SELECT in a subquery.
        var users = await db.Users.FromSql($"SELECT * FROM users WHERE id = {userId} FOR UPDATE").ToListAsync(cancellationToken);
        return users.SingleOrDefault();
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the user, locked (<see cref="LockUserAsync"/>), and saves what it changed, in one
    /// database transaction retried as a whole on a transient failure; <paramref name="succeeded"/> tells whether a commit
    /// whose answer was lost happened. A user that no longer exists is a <see cref="NotFoundException"/>.
    /// </summary>
    public static async Task WithUserLockedAsync(
        this CashmanDbContext db,
        Guid userId,
        Func<CashmanDbContext, User, CancellationToken, Task> work,
        Func<CashmanDbContext, CancellationToken, Task<bool>> succeeded,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(
            db,
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                var user = await context.LockUserAsync(userId, c) ?? throw new NotFoundException();
                await work(context, user, c);
                return await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
            },
            succeeded,
            cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }
}
