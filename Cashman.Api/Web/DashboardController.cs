using System.Globalization;
using Cashman.Api.Accounts;
using Cashman.Api.Balance;
using Cashman.Api.Budgets;
using Cashman.Api.Rates;
using Cashman.Api.Recurring;
using Cashman.Domain.Money;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>The month at a glance: totals, twelve months, the budgets, the accounts and what recurring rules have due.</summary>
public sealed class DashboardController(
    BalanceService balances,
    BudgetService budgets,
    AccountBalances accountBalances,
    RecurringService recurring,
    CallerAccounts caller,
    TimeProvider time) : PageController
{
    /// <summary>The dashboard of <paramref name="month"/> (YYYY-MM), this month in the user's time zone by default.</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? month, CancellationToken cancellationToken)
    {
        var settings = await caller.SettingsAsync(cancellationToken);
        var today = MoneyRules.Today(time.GetUtcNow(), settings.TimeZone);
        var first = MonthOrThisOne(month, today);
        var last = first.AddMonths(1).AddDays(-1);
        var totals = await balances.GetAsync(new BalanceQuery { From = Display.Day(first), To = Display.Day(last) }, cancellationToken);
        var year = await balances.GetAsync(
            new BalanceQuery { From = Display.Day(first.AddMonths(-11)), To = Display.Day(last), GroupBy = "month" }, cancellationToken);
        var budget = await budgets.GetAsync(BudgetMonth.Format(first), cancellationToken);
        var accounts = await accountBalances.GetAsync(new AccountBalancesQuery { At = last < today ? last : today }, cancellationToken);
        var due = await recurring.DueAsync(cancellationToken);

        var groups = (year.Groups ?? []).ToDictionary(g => g.Key ?? string.Empty, StringComparer.Ordinal);
        var chart = Enumerable.Range(0, 12)
            .Select(i => first.AddMonths(i - 11))
            .Select(m => groups.TryGetValue(BudgetMonth.Format(m), out var g)
                ? new ChartMonth(m, g.TotalIncome, -g.TotalExpenses)
                : new ChartMonth(m, 0, 0))
            .ToList();
        var missing = totals.MissingRates.Concat(year.MissingRates).Concat(budget.MissingRates).Concat(accounts.MissingRates)
            .Distinct()
            .OrderBy(r => r.Date).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .Take(10)
            .ToList();
        return View(new DashboardModel(first, totals, new MonthChart(chart), budget, accounts, due, missing));
    }
}

/// <summary>What the dashboard shows.</summary>
public sealed record DashboardModel(
    DateOnly Month,
    BalanceResponse Totals,
    MonthChart Chart,
    BudgetMonthResponse Budgets,
    AccountBalancesResponse Accounts,
    DueListResponse Due,
    IReadOnlyList<MissingRate> MissingRates)
{
    public string Key => BudgetMonth.Format(Month);

    public string Previous => BudgetMonth.Format(Month.AddMonths(-1));

    public string Next => BudgetMonth.Format(Month.AddMonths(1));
}

/// <summary>One month's income and expenses (as a positive figure) in the report currency.</summary>
public sealed record ChartMonth(DateOnly Month, decimal Income, decimal Expenses)
{
    public decimal Net => Income - Expenses;

    public string Label => Month.ToString("MMM", CultureInfo.InvariantCulture);
}

/// <summary>The geometry of the twelve-month bar chart, drawn by the server as SVG (no script, nothing to download).</summary>
public sealed class MonthChart(IReadOnlyList<ChartMonth> months)
{
    public const int Width = 600;
    public const int Height = 220;
    public const int PlotHeight = 180;
    public const int Baseline = 190;

    public IReadOnlyList<ChartMonth> Months => months;

    private decimal Scale => Math.Max(months.Max(m => Math.Max(m.Income, m.Expenses)), 1m);

    public static double Slot => Width / 12.0;

    public double X(int index) => (index * Slot) + 6;

    public static double BarWidth => (Slot - 16) / 2;

    /// <summary>The height of a bar for <paramref name="amount"/>; at least a pixel for any non-zero amount.</summary>
    public double BarHeight(decimal amount) =>
        amount <= 0 ? 0 : Math.Max(1, (double)(amount / Scale) * PlotHeight);

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
