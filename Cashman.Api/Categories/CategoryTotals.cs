using Cashman.Domain.Categories;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Categories;

/// <summary>
/// One category's incomes and expenses in one currency: for amounts already in the report's currency a whole period (the
/// month with <c>byMonth</c>, else all of the range, dated 0001-01-01), for other currencies one day, so that each is
/// converted at its own day's rate.
/// </summary>
public sealed record CategoryBucket(Guid CategoryKey, string Currency, DateOnly Day, decimal Income, decimal Expenses, long IncomeCount, long ExpenseCount);

/// <summary>Reads the category totals the database keeps (<see cref="CategoryDayTotals"/>) for reports and budgets.</summary>
public sealed class CategoryTotals(CashmanDbContext db)
{
    /// <summary>
    /// The buckets of <paramref name="owner"/>'s incomes and expenses dated from <paramref name="from"/> to
    /// <paramref name="to"/> (in one account when <paramref name="accountId"/> is set). Amounts in the report's currency are
    /// summed by the database; the others are read per account and day as kept and summed here, which took a fifth of the
    /// time PostgreSQL's grouping of thousands of numeric sums did (bench/results/scale.md).
    /// </summary>
    public async Task<List<CategoryBucket>> ReadAsync(
        Guid owner, DateOnly from, DateOnly to, Guid? accountId, string reportCurrency, bool byMonth, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<CategoryBucket>(
            $"""
            SELECT d.category_id AS category_key, a.currency,
                   CASE WHEN {byMonth} THEN date_trunc('month', d.day)::date ELSE DATE '0001-01-01' END AS day,
                   sum(d.total_income) AS income, sum(d.total_expenses) AS expenses,
                   sum(d.income_count)::bigint AS income_count, sum(d.expense_count)::bigint AS expense_count
            FROM category_day_totals d
            JOIN accounts a ON a.user_id = d.user_id AND a.id = d.account_id
            WHERE d.user_id = {owner} AND a.user_id = {owner} AND a.currency = {reportCurrency}
              AND d.income_count + d.expense_count > 0
              AND d.day >= {from} AND d.day <= {to} AND ({accountId}::uuid IS NULL OR d.account_id = {accountId})
            GROUP BY 1, 2, 3
            UNION ALL
            SELECT d.category_id, a.currency, d.day, d.total_income, d.total_expenses, d.income_count, d.expense_count
            FROM category_day_totals d
            JOIN accounts a ON a.user_id = d.user_id AND a.id = d.account_id
            WHERE d.user_id = {owner} AND a.user_id = {owner} AND a.currency <> {reportCurrency}
              AND d.income_count + d.expense_count > 0
              AND d.day >= {from} AND d.day <= {to} AND ({accountId}::uuid IS NULL OR d.account_id = {accountId})
            """).ToListAsync(cancellationToken);
        return [.. rows
            .GroupBy(r => (r.CategoryKey, r.Currency, r.Day))
            .Select(g => g.Count() == 1 ? g.First() : new CategoryBucket(
                g.Key.CategoryKey, g.Key.Currency, g.Key.Day,
                g.Sum(r => r.Income), g.Sum(r => r.Expenses), g.Sum(r => r.IncomeCount), g.Sum(r => r.ExpenseCount)))];
    }
}
