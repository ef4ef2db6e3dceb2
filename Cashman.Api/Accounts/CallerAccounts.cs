using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Accounts;

/// <summary>
/// The caller's settings with the accounts a write names, in one query that names the caller; none at all when the
/// credentials' check already brought the settings and the default account (<see cref="CallerSnapshot"/>) and nothing
/// else is named.
/// </summary>
public sealed class CallerAccounts(CashmanDbContext db, CurrentUser currentUser)
{
    private CallerSnapshot? _snapshot;

    /// <summary>What the credentials' check read for this request.</summary>
    public void Remember(CallerSnapshot snapshot) => _snapshot = snapshot;

    /// <summary>
    /// The settings, the default account and the accounts in <paramref name="accountIds"/> (every account when
    /// <paramref name="all"/>), with the paths of the categories in <paramref name="categoryIds"/> that are the caller's.
    /// A user erased meanwhile is a 401.
    /// </summary>
    public async Task<AccountBook> BookAsync(
        IEnumerable<Guid?> accountIds, CancellationToken cancellationToken, bool all = false, IEnumerable<Guid?>? categoryIds = null)
    {
        var book = await AccountsAsync(accountIds, all, cancellationToken);
        var categories = (categoryIds ?? []).OfType<Guid>().Distinct().ToArray();
        if (categories.Length > 0)
        {
            var owner = currentUser.Id;
            var paths = await db.Categories.AsNoTracking()
                .Where(c => c.UserId == owner && categories.Contains(c.Id))
                .Select(c => new { c.Id, c.Path })
                .ToListAsync(cancellationToken);
            book.AddCategories(paths.Select(c => (c.Id, c.Path)));
        }

        return book;
    }

    private async Task<AccountBook> AccountsAsync(IEnumerable<Guid?> accountIds, bool all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var owner = currentUser.Id;
        var ids = accountIds.OfType<Guid>().Distinct().ToArray();
        if (!all && Snapshot(owner) is { } known && ids.All(id => id == known.DefaultAccountId))
        {
            return new AccountBook(
                known.BaseCurrency!,
                known.TimeZone!,
                known.DefaultAccountId!.Value,
                [new AccountEntry(known.DefaultAccountId.Value, known.AccountName!, known.AccountKind!.Value, known.AccountCurrency!, known.AccountArchived!.Value)]);
        }

        var rows = await (
                from s in db.UserSettings.AsNoTracking()
                where s.UserId == owner
                from a in db.Accounts.AsNoTracking()
                    .Where(a => a.UserId == s.UserId && (all || a.Id == s.DefaultAccountId || ids.Contains(a.Id)))
                select new { s.BaseCurrency, s.TimeZone, s.DefaultAccountId, Account = new AccountEntry(a.Id, a.Name, a.Kind, a.Currency, a.Archived, a.Number) })
            .ToListAsync(cancellationToken);
        var settings = rows.FirstOrDefault() ?? throw new AuthenticationFailedException(AuthenticationFailedException.OwnerGone);
        return new AccountBook(settings.BaseCurrency, settings.TimeZone, settings.DefaultAccountId, [.. rows.Select(r => r.Account)]);
    }

    /// <summary>The caller's settings alone. A user erased meanwhile is a 401.</summary>
    public async Task<CallerSettings> SettingsAsync(CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        if (Snapshot(owner) is { } known)
        {
            return new CallerSettings(known.BaseCurrency!, known.TimeZone!, known.DefaultAccountId!.Value);
        }

        return await db.UserSettings.AsNoTracking()
                .Where(s => s.UserId == owner)
                .Select(s => new CallerSettings(s.BaseCurrency, s.TimeZone, s.DefaultAccountId))
                .SingleOrDefaultAsync(cancellationToken)
            ?? throw new AuthenticationFailedException(AuthenticationFailedException.OwnerGone);
    }

    private CallerSnapshot? Snapshot(Guid owner) => _snapshot is { IsComplete: true } known && known.UserId == owner ? known : null;
}

/// <summary>What a request needs of the caller's settings: the report currency, "today" and where a write goes by default.</summary>
public sealed record CallerSettings(string BaseCurrency, string TimeZone, Guid DefaultAccountId);
