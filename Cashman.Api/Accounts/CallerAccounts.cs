using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Accounts;

/// <summary>The caller's settings with the accounts a write names, in one query that names the caller.</summary>
public sealed class CallerAccounts(CashmanDbContext db, CurrentUser currentUser)
{
    /// <summary>
    /// The settings, the default account and the accounts in <paramref name="accountIds"/> (every account when
    /// <paramref name="all"/>). A user erased meanwhile is a 401.
    /// </summary>
    public async Task<AccountBook> BookAsync(IEnumerable<Guid?> accountIds, CancellationToken cancellationToken, bool all = false)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var owner = currentUser.Id;
        var ids = accountIds.OfType<Guid>().Distinct().ToArray();
        var rows = await (
                from s in db.UserSettings.AsNoTracking()
                where s.UserId == owner
                from a in db.Accounts.AsNoTracking()
                    .Where(a => a.UserId == s.UserId && (all || a.Id == s.DefaultAccountId || ids.Contains(a.Id)))
                select new { s.BaseCurrency, s.TimeZone, s.DefaultAccountId, Account = new AccountEntry(a.Id, a.Name, a.Kind, a.Currency, a.Archived) })
            .ToListAsync(cancellationToken);
        var settings = rows.FirstOrDefault() ?? throw new AuthenticationFailedException(AuthenticationFailedException.OwnerGone);
        return new AccountBook(settings.BaseCurrency, settings.TimeZone, settings.DefaultAccountId, [.. rows.Select(r => r.Account)]);
    }

    /// <summary>The caller's settings alone.</summary>
    public async Task<UserSettings> SettingsAsync(CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        return await db.UserSettings.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == owner, cancellationToken)
            ?? throw new AuthenticationFailedException(AuthenticationFailedException.OwnerGone);
    }
}
