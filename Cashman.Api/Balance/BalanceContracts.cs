using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Transactions;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Balance;

/// <summary>Query of <c>GET /balance</c>.</summary>
public sealed record BalanceQuery : DateRangeQuery
{
    /// <summary><c>month</c> (keys <c>YYYY-MM</c>) or <c>category</c> (keys the category, null for none).</summary>
    [RegularExpression("^(month|category)$", ErrorMessage = "The groupBy must be 'month' or 'category'.")]
    [SchemaLimits(MaxLength = 8)]
    public string? GroupBy { get; init; }
}

/// <summary>Where the caller's money stands. <c>balance = totalIncome + totalExpenses</c>; <c>totalExpenses</c> is ≤ 0.</summary>
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

    /// <summary>Present only with <c>groupBy</c>; ordered by key.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [SchemaLimits(MaxItems = 120_000)]
    public IReadOnlyList<BalanceGroup>? Groups { get; init; }
}

/// <summary>The totals of one month or one category.</summary>
public sealed record BalanceGroup
{
    /// <summary><c>YYYY-MM</c>, or the category (null for transactions without one).</summary>
    [SchemaLimits(MaxLength = TransactionRules.CategoryMaxLength)]
    public string? Key { get; init; }

    [SchemaLimits(Minimum = MoneyBounds.Zero)]
    public decimal TotalIncome { get; init; }

    [SchemaLimits(Maximum = MoneyBounds.Zero)]
    public decimal TotalExpenses { get; init; }

    public decimal Balance { get; init; }

    public long IncomeCount { get; init; }

    public long ExpenseCount { get; init; }
}
