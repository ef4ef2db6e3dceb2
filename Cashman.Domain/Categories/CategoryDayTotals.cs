namespace Cashman.Domain.Categories;

/// <summary>
/// The incomes and expenses of one category in one account on one day, kept exact by the database as writes commit (the
/// trigger on transactions, bulk writes and merges adjust them in the same database transaction). Category reports and
/// budgets read these rather than the rows. Transfers are never here.
/// </summary>
public sealed class CategoryDayTotals
{
    /// <summary>The <see cref="CategoryKey"/> of rows without a category.</summary>
    public static readonly Guid None = Guid.Empty;

    private CategoryDayTotals()
    {
    }

    public Guid UserId { get; private set; }

    public DateOnly Day { get; private set; }

    /// <summary>The category, or <see cref="None"/>.</summary>
    public Guid CategoryKey { get; private set; }

    public Guid AccountId { get; private set; }

    public long IncomeCount { get; private set; }

    public long ExpenseCount { get; private set; }

    /// <summary>Sum of the day's incomes (≥ 0).</summary>
    public decimal TotalIncome { get; private set; }

    /// <summary>Sum of the day's expenses (≤ 0).</summary>
    public decimal TotalExpenses { get; private set; }

    /// <summary>The owner's change number of the last write that changed this row (0 for rows older than the number).</summary>
    public long ChangeSeq { get; private set; }
}
