namespace Cashman.Domain.Categories;

/// <summary>
/// How far a user's kept category report in one currency has followed the day totals: every change of
/// <see cref="CategoryDayTotals"/> numbered up to <see cref="DataSeq"/> is in its <see cref="CategoryReportTotals"/>.
/// </summary>
public sealed class CategoryReportState
{
    private CategoryReportState()
    {
    }

    public Guid UserId { get; private set; }

    /// <summary>The report's currency.</summary>
    public string Currency { get; private set; } = "";

    /// <summary>The last change number of the day totals the kept months include.</summary>
    public long DataSeq { get; private set; }
}

/// <summary>
/// One category's incomes and expenses in one account in one month, exact and converted to a report currency at each
/// day's rate: what a category report over whole months adds up instead of reading every day. Worked out on demand
/// from <see cref="CategoryDayTotals"/>, and worked out again when the month's day totals change (their change number
/// passes <see cref="CategoryReportState.DataSeq"/>) or its rates do (<see cref="Factors"/> no longer matches).
/// </summary>
public sealed class CategoryReportTotals
{
    public CategoryReportTotals(
        Guid userId, string currency, Guid accountId, DateOnly month, Guid categoryKey, decimal income, decimal expenses, long incomeCount,
        long expenseCount, decimal convertedIncome, decimal convertedExpenses, DateOnly[] missing, long factors)
    {
        UserId = userId;
        Currency = currency;
        AccountId = accountId;
        Month = month;
        CategoryKey = categoryKey;
        Income = income;
        Expenses = expenses;
        IncomeCount = incomeCount;
        ExpenseCount = expenseCount;
        ConvertedIncome = convertedIncome;
        ConvertedExpenses = convertedExpenses;
        Missing = missing;
        Factors = factors;
    }

    private CategoryReportTotals()
    {
    }

    public Guid UserId { get; private set; }

    /// <summary>The report's currency.</summary>
    public string Currency { get; private set; } = "";

    public Guid AccountId { get; private set; }

    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>The category, or <see cref="CategoryDayTotals.None"/>.</summary>
    public Guid CategoryKey { get; private set; }

    public decimal Income { get; private set; }

    public decimal Expenses { get; private set; }

    public long IncomeCount { get; private set; }

    public long ExpenseCount { get; private set; }

    /// <summary>Income converted at each day's rate, without the days that have none.</summary>
    public decimal ConvertedIncome { get; private set; }

    /// <summary>Expenses converted at each day's rate, without the days that have none.</summary>
    public decimal ConvertedExpenses { get; private set; }

    /// <summary>The days with amounts but no rate.</summary>
    public DateOnly[] Missing { get; private set; } = [];

    /// <summary>A digest of the account's currency and the month's conversion factors, one per day, when it was worked out.</summary>
    public long Factors { get; private set; }
}
