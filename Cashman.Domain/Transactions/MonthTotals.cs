namespace Cashman.Domain.Transactions;

/// <summary>
/// A user's totals for one calendar month, kept exact by the same trigger as <see cref="UserTotals"/>.
/// Ranged and monthly balances read whole months from here and only the days of partial months from the rows.
/// </summary>
public sealed class MonthTotals
{
    private MonthTotals()
    {
    }

    public Guid UserId { get; private set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; private set; }

    public long IncomeCount { get; private set; }

    public long ExpenseCount { get; private set; }

    public decimal TotalIncome { get; private set; }

    public decimal TotalExpenses { get; private set; }
}
