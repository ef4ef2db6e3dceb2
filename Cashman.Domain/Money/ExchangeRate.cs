using System.Globalization;
using Cashman.Domain.Common;

namespace Cashman.Domain.Money;

/// <summary>What one unit of <see cref="Base"/> is worth in <see cref="Quote"/> on <see cref="Day"/>.</summary>
public sealed record Rate(DateOnly Day, string Base, string Quote, decimal Value)
{
    /// <summary>Checks a rate as a client or a file sends it; errors are named with <paramref name="prefix"/> (<c>rates[2].</c>).</summary>
    public static void Validate(DateOnly? day, string? baseCurrency, string? quote, decimal? value, string prefix, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (day is not { } d || d < MoneyRules.MinDate || d > MoneyRules.MaxDate)
        {
            errors[prefix + "date"] = [$"The date is required, between {MoneyRules.MinDate:yyyy-MM-dd} and {MoneyRules.MaxDate:yyyy-MM-dd}."];
        }

        if (MoneyRules.CurrencyError(baseCurrency) is { } baseError)
        {
            errors[prefix + "base"] = [baseError];
        }

        if (MoneyRules.CurrencyError(quote) is { } quoteError)
        {
            errors[prefix + "quote"] = [quoteError];
        }
        else if (quote == baseCurrency)
        {
            errors[prefix + "quote"] = ["The quote currency must differ from the base currency."];
        }

        if (value is not { } v || v <= 0 || v >= MoneyRules.MaxRate || decimal.Round(v, MoneyRules.RateScale) != v)
        {
            errors[prefix + "rate"] = [string.Create(CultureInfo.InvariantCulture, $"The rate must be a number above 0 and below {MoneyRules.MaxRate:0}, with at most {MoneyRules.RateScale} decimals.")];
        }
    }
}

/// <summary>A rate loaded by the operator for everyone (the ECB reference rates): a reference table on Citus.</summary>
public sealed class SharedRate
{
    private SharedRate()
    {
        Base = Quote = string.Empty;
    }

    public SharedRate(DateOnly day, string baseCurrency, string quote, decimal rate)
    {
        (Day, Base, Quote, Rate) = (day, baseCurrency, quote, rate);
    }

    public DateOnly Day { get; private set; }

    public string Base { get; private set; }

    public string Quote { get; private set; }

    public decimal Rate { get; private set; }
}

/// <summary>A user's own rate; it wins over a shared rate of the same day, pair and direction.</summary>
public sealed class UserRate
{
    private UserRate()
    {
        Base = Quote = string.Empty;
    }

    public UserRate(Guid userId, DateOnly day, string baseCurrency, string quote, decimal rate, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        Rate.Validate(day, baseCurrency, quote, rate, string.Empty, errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        (UserId, Day, Base, Quote, Value, UpdatedAt) = (userId, day, baseCurrency, quote, rate, now);
    }

    public Guid UserId { get; private set; }

    public DateOnly Day { get; private set; }

    public string Base { get; private set; }

    public string Quote { get; private set; }

    public decimal Value { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}
