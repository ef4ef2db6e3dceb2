using System.Globalization;
using Cashman.Api.OpenApi;
using Cashman.Api.Rates;
using Cashman.Domain.Categories;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Budgets;

/// <summary>A month as the budgets' paths write it, <c>YYYY-MM</c>.</summary>
public static class BudgetMonth
{
    public const string Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$";

    /// <summary>The first day of the month <paramref name="text"/> names.</summary>
    /// <exception cref="DomainValidationException">Not a month from 1900-01 to 2999-12, naming <paramref name="field"/>.</exception>
    public static DateOnly Parse(string? text, string field) =>
        text is { Length: 7 }
        && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
        && month >= TransactionRules.MinOccurredOn && month <= TransactionRules.MaxOccurredOn
            ? month
            : throw new DomainValidationException(new Dictionary<string, string[]>
            {
                [field] = [$"The {field} must be a month written YYYY-MM, from 1900-01 to 2999-12."],
            });

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>The body of <c>PUT /budgets/{month}/{categoryId}</c>.</summary>
public sealed record BudgetRequest
{
    /// <summary>What you mean to spend in the category that month, in your base currency, with at most its decimals; 0 or more.</summary>
    /// <example>400</example>
    [RequiredInSchema]
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? Amount { get; init; }
}

/// <summary>One budget as stored.</summary>
public sealed record BudgetResponse
{
    /// <summary><c>YYYY-MM</c>.</summary>
    [SchemaLimits(MinLength = 7, MaxLength = 7, Pattern = BudgetMonth.Pattern)]
    public string Month { get; init; } = string.Empty;

    public Guid CategoryId { get; init; }

    [SchemaLimits(MinLength = 1, MaxLength = CategoryRules.PathMaxLength)]
    public string Path { get; init; } = string.Empty;

    /// <summary>In <c>currency</c>, your base currency.</summary>
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal Amount { get; init; }

    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string Currency { get; init; } = string.Empty;
}

/// <summary>A month's budgets against what was spent, in the base currency.</summary>
public sealed record BudgetMonthResponse
{
    /// <summary><c>YYYY-MM</c>.</summary>
    [SchemaLimits(MinLength = 7, MaxLength = 7, Pattern = BudgetMonth.Pattern)]
    public string Month { get; init; } = string.Empty;

    /// <summary>Your base currency, in which every amount here is.</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string Currency { get; init; } = string.Empty;

    /// <summary>Every category with a budget, spending or something rolled over that month, by path.</summary>
    [SchemaLimits(MaxItems = CategoryRules.MaxPerUser)]
    public IReadOnlyList<BudgetLine> Categories { get; init; } = [];

    /// <summary>The sum of the budgets.</summary>
    public decimal TotalBudgeted { get; init; }

    /// <summary>What left every category that month, each transaction counted once (a child's also counts in its parent's line).</summary>
    public decimal TotalSpent { get; init; }

    /// <summary><c>totalBudgeted</c> plus what rolled over into the listed categories, minus <c>totalSpent</c>.</summary>
    public decimal TotalAvailable { get; init; }

    /// <summary>False when an amount could not be converted for want of a rate (see <c>missingRates</c>); it is then left out.</summary>
    public bool Complete { get; init; }

    /// <summary>The rates that would complete the answer, at most 100, earliest first.</summary>
    [SchemaLimits(MaxItems = RateLookup.MaxMissing)]
    public IReadOnlyList<MissingRate> MissingRates { get; init; } = [];
}

/// <summary>One category in a budget month.</summary>
public sealed record BudgetLine
{
    public Guid CategoryId { get; init; }

    [SchemaLimits(MinLength = 1, MaxLength = CategoryRules.PathMaxLength)]
    public string Path { get; init; } = string.Empty;

    /// <summary>The month's budget (0 without one).</summary>
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal Budgeted { get; init; }

    /// <summary>What the category's rollover carried from last month: 0 with <c>none</c>; may be negative with <c>all</c>.</summary>
    public decimal RolledOver { get; init; }

    /// <summary>
    /// What left the category and its children that month: expenses, less incomes in them (refunds), each converted at its
    /// own day's rate; transfers never count.
    /// </summary>
    public decimal Spent { get; init; }

    /// <summary><c>budgeted + rolledOver - spent</c>.</summary>
    public decimal Available { get; init; }
}
