using Cashman.Domain.Common;
using Cashman.Domain.Money;

namespace Cashman.Api.Accounts;

/// <summary>One of the caller's accounts as a write needs it.</summary>
public sealed record AccountEntry(Guid Id, string Name, AccountKind Kind, string Currency, bool Archived, string? Number = null)
{
    public AccountRef Ref => new(Id, Currency);
}

/// <summary>
/// The caller's settings and the accounts a write may use, read in one query (<see cref="CallerAccounts"/>): a single
/// write, a batch and an import resolve every <c>accountId</c> here without another round trip.
/// </summary>
public sealed class AccountBook(string baseCurrency, string timeZone, Guid defaultAccountId, IReadOnlyList<AccountEntry> accounts)
{
    public const string UnknownAccount = "The account must be one of your accounts that is not archived.";

    private readonly Dictionary<Guid, AccountEntry> _byId = accounts.ToDictionary(a => a.Id);
    private readonly Dictionary<Guid, Account> _new = [];
    private readonly Dictionary<Guid, string> _categories = [];

    public string BaseCurrency => baseCurrency;

    public string TimeZone => timeZone;

    public Guid DefaultAccountId => defaultAccountId;

    public IEnumerable<AccountEntry> Accounts => _byId.Values;

    /// <summary>Today in the caller's time zone.</summary>
    public DateOnly Today(DateTimeOffset now) => MoneyRules.Today(now, timeZone);

    /// <summary>The account a write goes to: the given one, or the default when none is given.</summary>
    /// <exception cref="DomainValidationException">Unknown, another user's or archived: a 400 naming <paramref name="field"/>.</exception>
    public AccountRef Resolve(Guid? accountId, string field) => Find(accountId, field) is { } found
        ? found
        : throw new DomainValidationException(new Dictionary<string, string[]> { [field] = [UnknownAccount] });

    /// <summary>Like <see cref="Resolve"/>, but reports the error into <paramref name="errors"/> and returns null.</summary>
    public AccountRef? Find(Guid? accountId, string field, IDictionary<string, string[]>? errors = null)
    {
        if (_byId.TryGetValue(accountId ?? defaultAccountId, out var account) && !account.Archived)
        {
            return account.Ref;
        }

        errors?.Add(field, [UnknownAccount]);
        return null;
    }

    /// <summary>The paths of the caller's categories that the write names by id (<see cref="CallerAccounts.BookAsync"/>).</summary>
    public void AddCategories(IEnumerable<(Guid Id, string Path)> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        foreach (var (id, path) in categories)
        {
            _categories[id] = path;
        }
    }

    /// <summary>The path of the caller's category with this id, or null when it is not one of theirs.</summary>
    public string? CategoryPath(Guid id) => _categories.GetValueOrDefault(id);

    /// <summary>The account of this name (case-insensitive), or null.</summary>
    public AccountEntry? Named(string name) =>
        _byId.Values.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The account with this number (an IBAN or bank account number, compared without spaces in upper case), or null.</summary>
    public AccountEntry? Numbered(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var normalized = string.Concat(number.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return _byId.Values.FirstOrDefault(a => a.Number == normalized);
    }

    /// <summary>
    /// An account a write is about to create (an import recreating the accounts of an export): usable by the rows that
    /// follow at once, stored by the writer before the first row in it (<see cref="TakeNew"/>).
    /// </summary>
    public void AddNew(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        _byId[account.Id] = new AccountEntry(account.Id, account.Name, account.Kind, account.Currency, account.Archived);
        _new[account.Id] = account;
    }

    /// <summary>The accounts a row is in that are still to be created; each is handed out once.</summary>
    public List<Account> TakeNew(params Guid?[] accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var fresh = new List<Account>();
        foreach (var id in accountIds.OfType<Guid>())
        {
            if (_new.Remove(id, out var account))
            {
                fresh.Add(account);
            }
        }

        return fresh;
    }

    /// <summary>The currency of one of the book's accounts.</summary>
    public string CurrencyOf(Guid accountId) => _byId[accountId].Currency;
}
