using System.Collections.Concurrent;
using System.Globalization;
using Cashman.Domain.Common;

namespace Cashman.Domain.Money;

/// <summary>The limits of accounts, settings and rates, shared by the domain checks, the EF configuration and the documentation.</summary>
public static class MoneyRules
{
    public const int AccountNameMaxLength = 100;
    public const int AccountNumberMaxLength = 34;
    public const int CurrencyLength = 3;
    public const int TimeZoneMaxLength = 64;
    public const int AccountKindMaxLength = 16;
    public const int MaxAccountsPerUser = 1000;

    /// <summary>The largest amount in absolute value, for amounts, opening balances and the destination of transfers.</summary>
    public const decimal MaxAbsoluteAmount = 1_000_000_000m;

    /// <summary>An exchange rate is positive, below this and has at most <see cref="RateScale"/> decimals.</summary>
    public const decimal MaxRate = 1_000_000_000m;

    public const int RateScale = 10;

    /// <summary>The name of an account registration creates.</summary>
    public const string DefaultAccountName = "Main";

    /// <summary>A time zone when the user has not chosen one.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>A regular expression accepting the kinds' wire names, for the documentation.</summary>
    public const string AccountKindPattern = "^(checking|savings|credit|cash|investment|other)$";

    public static readonly DateOnly MinDate = new(1900, 1, 1);
    public static readonly DateOnly MaxDate = new(2999, 12, 31);

    /// <summary>
    /// The zones "today" was asked in. <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> takes a process-wide lock on every
    /// call, which every write without a date (and so every concurrent request) queued on.
    /// </summary>
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, AccountKind> KindsByName = Enum.GetValues<AccountKind>().ToDictionary(KindName, StringComparer.Ordinal);

    /// <summary>The wire name of a kind.</summary>
    public static string KindName(AccountKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The kind a wire name stands for, or null (names are lower case, as written).</summary>
    public static AccountKind? ParseKind(string? name) =>
        name is not null && KindsByName.TryGetValue(name, out var kind) ? kind : null;

    /// <summary>Why <paramref name="currency"/> is not acceptable, or null.</summary>
    public static string? CurrencyError(string? currency) => Currencies.IsKnown(currency) ? null : Currencies.UnknownMessage;

    /// <summary>Why an amount is not acceptable in its currency (too many decimals or out of range), or null.</summary>
    public static string? AmountError(decimal amount, string currency, decimal minimum)
    {
        var units = Currencies.MinorUnits(currency);
        if (!Currencies.Fits(amount, currency))
        {
            return string.Create(CultureInfo.InvariantCulture, $"The amount must have at most {units} decimal places in {currency}.");
        }

        return Math.Abs(amount) < minimum || Math.Abs(amount) > MaxAbsoluteAmount
            ? string.Create(CultureInfo.InvariantCulture, $"The amount must be between {minimum} and {MaxAbsoluteAmount:0} {currency} in absolute value.")
            : null;
    }

    /// <summary>Whether a zone is an IANA time zone this machine knows (<c>Europe/Berlin</c>, <c>UTC</c>); Windows names are not.</summary>
    public static bool IsTimeZone(string? id) =>
        id is { Length: > 0 and <= TimeZoneMaxLength } && !TextRules.HasControlCharacter(id)
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    /// <summary>Today in a time zone.</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone(timeZone)).DateTime);

    /// <summary>A zone by its IANA id, found once per process.</summary>
    public static TimeZoneInfo Zone(string timeZone) => Zones.GetOrAdd(timeZone, TimeZoneInfo.FindSystemTimeZoneById);
}
