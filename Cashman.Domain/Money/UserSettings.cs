using Cashman.Domain.Common;

namespace Cashman.Domain.Money;

/// <summary>A user's base currency (what reports are in), time zone (what "today" is) and default account.</summary>
public sealed class UserSettings
{
    private UserSettings()
    {
        BaseCurrency = TimeZone = string.Empty;
    }

    public UserSettings(Guid userId, string? baseCurrency, string? timeZone, Guid defaultAccountId, DateTimeOffset now)
    {
        UserId = userId;
        BaseCurrency = TimeZone = string.Empty;
        Update(baseCurrency, timeZone, defaultAccountId, now);
    }

    public Guid UserId { get; private set; }

    public string BaseCurrency { get; private set; }

    public string TimeZone { get; private set; }

    public Guid DefaultAccountId { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Replaces the settings; changing the base currency rewrites nothing (reports recompute).</summary>
    public void Update(string? baseCurrency, string? timeZone, Guid defaultAccountId, DateTimeOffset now)
    {
        var errors = Validate(baseCurrency, timeZone);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        BaseCurrency = baseCurrency!;
        TimeZone = timeZone!;
        DefaultAccountId = defaultAccountId;
        UpdatedAt = now;
    }

    /// <summary>The errors of a base currency and a time zone, by field; empty when both are fine.</summary>
    public static Dictionary<string, string[]> Validate(string? baseCurrency, string? timeZone)
    {
        var errors = new Dictionary<string, string[]>();
        if (MoneyRules.CurrencyError(baseCurrency) is { } currencyError)
        {
            errors["baseCurrency"] = [currencyError];
        }

        if (!MoneyRules.IsTimeZone(timeZone))
        {
            errors["timeZone"] = ["The time zone must be an IANA time zone such as Europe/Berlin or UTC."];
        }

        return errors;
    }
}
