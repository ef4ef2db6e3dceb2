namespace Cashman.Domain.Transactions;

/// <summary>
/// A user's counts of transactions and change-feed position, kept exact by the database itself: a trigger on
/// <c>transactions</c> adjusts this row in the same database transaction as every insert, update and delete, and every
/// write of the user queues on its lock. Read-only to the application. (Sums are per account and day, in
/// <see cref="Money.AccountDayTotals"/>: a user's money is in several currencies.)
/// </summary>
public sealed class UserTotals
{
    private UserTotals()
    {
    }

    public Guid UserId { get; private set; }

    public long IncomeCount { get; private set; }

    public long ExpenseCount { get; private set; }

    public long TransferCount { get; private set; }

    /// <summary>The last number handed out in this user's change feed; bumped, under this row's lock, by every write.</summary>
    public long LastChangeSeq { get; private set; }
}
