using Cashman.Api.OpenApi;
using Cashman.Api.Rates;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Accounts;

/// <summary>Query of <c>GET /accounts/balances</c>.</summary>
public sealed record AccountBalancesQuery : System.ComponentModel.DataAnnotations.IValidatableObject
{
    /// <summary>The day whose end the balances are at (YYYY-MM-DD); default today in your time zone.</summary>
    public DateOnly? At { get; init; }

    /// <summary>The currency to convert to (ISO 4217); default your base currency.</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Currency { get; init; }

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (Currency is not null && !Currencies.IsKnown(Currency))
        {
            yield return new(Currencies.UnknownMessage, [nameof(Currency)]);
        }
    }
}

/// <summary>Each account at the end of a day, in its currency and converted.</summary>
public sealed record AccountBalancesResponse
{
    public DateOnly At { get; init; }

    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string Currency { get; init; } = string.Empty;

    /// <summary>The sum of the converted balances, rounded once; it leaves out what could not be converted.</summary>
    public decimal Total { get; init; }

    public bool Complete { get; init; }

    [SchemaLimits(MaxItems = MoneyRules.MaxAccountsPerUser)]
    public IReadOnlyList<MissingRate> MissingRates { get; init; } = [];

    [SchemaLimits(MaxItems = MoneyRules.MaxAccountsPerUser)]
    public IReadOnlyList<AccountBalance> Accounts { get; init; } = [];
}

/// <summary>One account's balance at the end of the day, and converted (null when its rate is missing).</summary>
public sealed record AccountBalance(
    Guid Id,
    [property: SchemaLimits(MinLength = 1, MaxLength = MoneyRules.AccountNameMaxLength)] string Name,
    [property: SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)] string Currency,
    decimal Balance,
    decimal? Converted);

/// <summary>
/// Balances at the end of a day from the day totals the database keeps (at most one row per account and day), not from
/// the transactions: the opening balance when it is dated on or before the day, plus every day up to it.
/// </summary>
public sealed class AccountBalances(CashmanDbContext db, CurrentUser currentUser, CallerAccounts callerAccounts, RateLookup rates, NewTransactions clock)
{
    public async Task<AccountBalancesResponse> GetAsync(AccountBalancesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var owner = currentUser.Id;
        var settings = await callerAccounts.SettingsAsync(cancellationToken);
        var at = query.At ?? MoneyRules.Today(clock.Now(), settings.TimeZone);
        var target = query.Currency ?? settings.BaseCurrency;
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.UserId == owner)
            .OrderBy(a => a.NormalizedName)
            .Select(a => new { a.Id, a.Name, a.Currency, a.OpeningBalance, a.OpeningDate })
            .ToListAsync(cancellationToken);
        var moved = await db.AccountDayTotals.AsNoTracking()
            .Where(d => d.UserId == owner && d.Day <= at)
            .GroupBy(d => d.AccountId)
            .Select(g => new { AccountId = g.Key, Total = g.Sum(d => d.TotalIncome + d.TotalExpenses + d.TransfersTotal) })
            .ToDictionaryAsync(g => g.AccountId, g => g.Total, cancellationToken);
        var table = await rates.TableAsync([.. accounts.Select(a => a.Currency).Distinct()], target, at, at, cancellationToken);

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var total = 0m;
        var items = new List<AccountBalance>(accounts.Count);
        foreach (var account in accounts)
        {
            var balance = (account.OpeningDate <= at ? account.OpeningBalance : 0m) + moved.GetValueOrDefault(account.Id);
            var converted = table.Convert(balance, account.Currency, target, at);
            if (converted is null)
            {
                missing.Add(account.Currency);
            }
            else
            {
                total += converted.Value;
            }

            items.Add(new AccountBalance(
                account.Id, account.Name, account.Currency, Currencies.Exact(balance, account.Currency),
                converted is { } c ? Currencies.Exact(c, target) : null));
        }

        return new AccountBalancesResponse
        {
            At = at,
            Currency = target,
            Total = Currencies.Exact(total, target),
            Complete = missing.Count == 0,
            MissingRates = [.. missing.Select(c => new MissingRate(c, at))],
            Accounts = items,
        };
    }
}
