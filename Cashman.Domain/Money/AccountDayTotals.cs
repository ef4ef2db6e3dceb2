namespace Cashman.Domain.Money;

/// <summary>
/// An account's totals for one day, kept exact by the database as writes commit (the trigger on transactions and bulk
/// writes adjust them in the same database transaction). Reports read these rather than the rows: converting a day's
/// total at that day's rate is exactly converting each of its rows, and ten years are a few thousand days.
/// </summary>
public sealed class AccountDayTotals
{
    private AccountDayTotals()
    {
    }

    public Guid UserId { get; private set; }

    public Guid AccountId { get; private set; }

    public DateOnly Day { get; private set; }

    public long IncomeCount { get; private set; }

    public long ExpenseCount { get; private set; }

    public long TransferCount { get; private set; }

    /// <summary>Sum of the day's incomes (≥ 0).</summary>
    public decimal TotalIncome { get; private set; }

    /// <summary>Sum of the day's expenses (≤ 0).</summary>
    public decimal TotalExpenses { get; private set; }

    /// <summary>What transfers moved into the account (positive) and out of it (negative) that day.</summary>
    public decimal TransfersTotal { get; private set; }
}
