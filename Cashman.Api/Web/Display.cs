using System.Globalization;
using Cashman.Domain.Money;

namespace Cashman.Api.Web;

/// <summary>How the pages write money and days: every amount with exactly its currency's decimals, as the API does.</summary>
public static class Display
{
    public static string Money(decimal amount, string currency) =>
        amount.ToString("N" + Currencies.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>An amount for an input field: no grouping, the currency's decimals.</summary>
    public static string Input(decimal? amount, string currency) =>
        amount is { } value
            ? value.ToString("F" + Currencies.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : string.Empty;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A month as a heading names it: <c>March 2026</c>.</summary>
    public static string MonthName(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The class that colours an amount: money in, money out or nothing.</summary>
    public static string Sign(decimal amount) => amount > 0 ? "in" : amount < 0 ? "out" : "zero";
}
