using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Rates;
using Cashman.Api.Transactions;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Balance;

/// <summary>Query of <c>GET /balance</c>.</summary>
public sealed record BalanceQuery : DateRangeQuery
{
    /// <summary><c>month</c> (keys <c>YYYY-MM</c>) or <c>category</c> (keys the category, null for none).</summary>
    [RegularExpression("^(month|category)$", ErrorMessage = "The groupBy must be 'month' or 'category'.")]
    [SchemaLimits(MaxLength = 8)]
    public string? GroupBy { get; init; }

    /// <summary>The currency of the answer (ISO 4217); default your base currency.</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Currency { get; init; }

    /// <summary>Only this account's transactions.</summary>
    public Guid? AccountId { get; init; }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Currency is not null && !Currencies.IsKnown(Currency))
        {
            yield return new ValidationResult(Currencies.UnknownMessage, [nameof(Currency)]);
        }
    }
}

/// <summary>
/// Where the caller's money stands, in one currency. <c>balance = totalIncome + totalExpenses</c>; <c>totalExpenses</c>
/// is ≤ 0. Amounts in other currencies are converted at their own day's rate; what has no rate is left out and named in
/// <c>missingRates</c> (then <c>complete</c> is false). Transfers never count.
/// </summary>
public sealed record BalanceResponse
{
    /// <summary>The <c>from</c> asked for, or null.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The <c>to</c> asked for, or null.</summary>
    public DateOnly? To { get; init; }

    [SchemaLimits(Minimum = MoneyBounds.Zero)]
    public decimal TotalIncome { get; init; }

    [SchemaLimits(Maximum = MoneyBounds.Zero)]
    public decimal TotalExpenses { get; init; }

    public decimal Balance { get; init; }

    public long IncomeCount { get; init; }

    public long ExpenseCount { get; init; }

    /// <summary>The currency of every total above (ISO 4217).</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Domain.Money.Currencies.CodePattern)]
    public string Currency { get; init; } = string.Empty;

    /// <summary>False when a rate was missing: the totals then leave out what could not be converted.</summary>
    public bool Complete { get; init; }

    /// <summary>The rates that would complete the answer, earliest first (at most 100).</summary>
    [SchemaLimits(MaxItems = RateLookup.MaxMissing)]
    public IReadOnlyList<MissingRate> MissingRates { get; init; } = [];

    /// <summary>The exact totals in each original currency, unconverted.</summary>
    [SchemaLimits(MaxItems = 200)]
    public IReadOnlyList<CurrencyTotals> Currencies { get; init; } = [];

    /// <summary>Present only with <c>groupBy</c>; ordered by key.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [SchemaLimits(MaxItems = 120_000)]
    public IReadOnlyList<BalanceGroup>? Groups { get; init; }
}

/// <summary>The totals of one month or one category.</summary>
public sealed record BalanceGroup
{
    /// <summary><c>YYYY-MM</c>, or the category's path (null for transactions without one).</summary>
    [SchemaLimits(MaxLength = TransactionRules.CategoryMaxLength)]
    public string? Key { get; init; }

    /// <summary>By category, the category's id (absent for transactions without one); a parent's group includes its children.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? CategoryId { get; init; }

    [SchemaLimits(Minimum = MoneyBounds.Zero)]
    public decimal TotalIncome { get; init; }

    [SchemaLimits(Maximum = MoneyBounds.Zero)]
    public decimal TotalExpenses { get; init; }

    public decimal Balance { get; init; }

    public long IncomeCount { get; init; }

    public long ExpenseCount { get; init; }
}

/// <summary>The totals of the amounts in one currency, exact and unconverted.</summary>
public sealed record CurrencyTotals
{
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Domain.Money.Currencies.CodePattern)]
    public string Currency { get; init; } = string.Empty;

    [SchemaLimits(Minimum = MoneyBounds.Zero)]
    public decimal TotalIncome { get; init; }

    [SchemaLimits(Maximum = MoneyBounds.Zero)]
    public decimal TotalExpenses { get; init; }

    public decimal Balance { get; init; }

    public long IncomeCount { get; init; }

    public long ExpenseCount { get; init; }
}
