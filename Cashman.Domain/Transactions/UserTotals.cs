namespace Cashman.Domain.Transactions;

/// <summary>
/// A user's running totals and change-feed position, kept exact by the database itself: a trigger on <c>transactions</c> adjusts this row
/// in the same database transaction as every insert, update and delete. Read-only to the application.
/// </summary>
public sealed class UserTotals
{
    private UserTotals()
    {
    }

    public Guid UserId { get; private set; }

    public long IncomeCount { get; private set; }

    public long ExpenseCount { get; private set; }

    /// <summary>Sum of incomes (≥ 0).</summary>
    public decimal TotalIncome { get; private set; }

    /// <summary>Sum of expenses (≤ 0).</summary>
    public decimal TotalExpenses { get; private set; }

    /// <summary>The last number handed out in this user's change feed; bumped, under this row's lock, by every write.</summary>
    public long LastChangeSeq { get; private set; }
}
