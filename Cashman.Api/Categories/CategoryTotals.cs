using Cashman.Api.Rates;
using Cashman.Domain.Categories;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Categories;

/// <summary>
/// One category's incomes and expenses in one currency over one period (a month with <c>byMonth</c>, else the whole
/// range, dated 0001-01-01): exact in that currency, and converted to the report's currency at each day's rate
/// (<see cref="ConvertedIncome"/> and <see cref="ConvertedExpenses"/> leave out the days that have no rate).
/// </summary>
public sealed record CategoryBucket(
    Guid CategoryKey, string Currency, DateOnly Day, decimal Income, decimal Expenses, long IncomeCount, long ExpenseCount,
    decimal ConvertedIncome, decimal ConvertedExpenses);

/// <summary>The buckets of a category report, and the rates it missed (day and currency, earliest first).</summary>
public sealed record CategoryReport(List<CategoryBucket> Buckets, SortedSet<(DateOnly Day, string Currency)> Missing);

/// <summary>
/// Reads the category totals the database keeps (<see cref="CategoryDayTotals"/>) for reports and budgets, converted by
/// the database: the rate rule is applied here, once per currency and day of the range (<see cref="RateLookup"/>), and
/// the factors are sent with the statement, which multiplies each day's totals by its factor and sums per category and
/// period. Reading tens of thousands of day totals to convert them here was three times slower at a million rows
/// (bench/results/scale.md).
/// </summary>
public sealed class CategoryTotals(CashmanDbContext db, RateLookup rates)
{
    /// <summary>
    /// The report of <paramref name="owner"/>'s incomes and expenses dated from <paramref name="from"/> to <paramref name="to"/>
    /// (in one account when <paramref name="accountId"/> is set; only those with a category when <paramref name="categorised"/>).
    /// </summary>
    public async Task<CategoryReport> ReadAsync(
        Guid owner, DateOnly from, DateOnly to, Guid? accountId, string reportCurrency, bool byMonth, CancellationToken cancellationToken, bool categorised = false)
    {
        // The caller's accounts, and the days each account in another currency has totals on (from the accounts' day
        // totals, one row per account and day).
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.UserId == owner && (accountId == null || a.Id == accountId))
            .Select(a => new { a.Id, a.Currency })
            .ToDictionaryAsync(a => a.Id, a => a.Currency, cancellationToken);
        var spans = await db.Database.SqlQuery<AccountSpan>(
            $"""
            SELECT d.account_id, min(d.day) AS first, max(d.day) AS last
            FROM account_day_totals d
            WHERE d.user_id = {owner} AND d.account_id = ANY ({accounts.Where(a => a.Value != reportCurrency).Select(a => a.Key).ToArray()})
              AND d.income_count + d.expense_count > 0 AND d.day >= {from} AND d.day <= {to}
            GROUP BY d.account_id
            """).ToListAsync(cancellationToken);
        var factors = new List<(Guid Account, DateOnly Day, decimal Factor)>();
        if (spans.Count > 0)
        {
            var table = await rates.TableAsync([.. spans.Select(s => accounts[s.AccountId]).Distinct()], reportCurrency, spans.Min(s => s.First), spans.Max(s => s.Last), cancellationToken);
            foreach (var span in spans)
            {
                for (var day = span.First; day <= span.Last; day = day.AddDays(1))
                {
                    if (table.Factor(accounts[span.AccountId], reportCurrency, day) is { } factor)
                    {
                        factors.Add((span.AccountId, day, factor));
                    }
                }
            }
        }

        // The factors as rows, joined by account and day. A FULL JOIN, because PostgreSQL can only hash or merge it: a
        // prepared plan believes unnest() gives ten rows and would otherwise compare every day total with every factor
        // (11.7 s at 10,000 rows). The factors that match nothing form one group without an account, left out below.
        // Amounts already in the report's currency are summed as they are. The groups are hashed: an aggregate with
        // ORDER BY would sort every day total first (the missing days are sorted here).
        var reportAccounts = accounts.Where(a => a.Value == reportCurrency).Select(a => a.Key).ToArray();
        var factorAccounts = factors.Select(f => f.Account).ToArray();
        var days = factors.Select(f => f.Day).ToArray();
        var values = factors.Select(f => f.Factor).ToArray();
        var rows = await db.Database.SqlQuery<Row>(
            $"""
            SELECT t.category_id AS category_key, t.account_id,
                   CASE WHEN {byMonth} THEN date_trunc('month', t.day)::date ELSE DATE '0001-01-01' END AS day,
                   sum(t.total_income) AS income, sum(t.total_expenses) AS expenses,
                   sum(t.income_count)::bigint AS income_count, sum(t.expense_count)::bigint AS expense_count,
                   CASE WHEN t.account_id = ANY ({reportAccounts}) THEN sum(t.total_income) ELSE coalesce(round(sum(t.total_income * f.factor), 20), 0) END AS converted_income,
                   CASE WHEN t.account_id = ANY ({reportAccounts}) THEN sum(t.total_expenses) ELSE coalesce(round(sum(t.total_expenses * f.factor), 20), 0) END AS converted_expenses,
                   array_agg(t.day) FILTER (WHERE f.factor IS NULL AND NOT t.account_id = ANY ({reportAccounts})) AS missing
            FROM (
                SELECT category_id, account_id, day, total_income, total_expenses, income_count, expense_count
                FROM category_day_totals
                WHERE user_id = {owner} AND income_count + expense_count > 0
                  AND day >= {from} AND day <= {to} AND ({accountId}::uuid IS NULL OR account_id = {accountId})
                  AND (NOT {categorised} OR category_id <> {CategoryDayTotals.None})) t
            FULL JOIN unnest({factorAccounts}::uuid[], {days}::date[], {values}::numeric[]) AS f (account_id, day, factor)
                ON f.account_id = t.account_id AND f.day = t.day
            GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);
        rows.RemoveAll(r => r.AccountId is null);

        var missing = new SortedSet<(DateOnly Day, string Currency)>();
        foreach (var row in rows.Where(r => r.Missing is { Length: > 0 }))
        {
            missing.UnionWith(row.Missing!.Select(day => (day, accounts[row.AccountId!.Value])));
        }

        return new CategoryReport(
            [.. rows
                .GroupBy(r => (Category: r.CategoryKey!.Value, Currency: accounts[r.AccountId!.Value], Day: r.Day!.Value))
                .Select(g => new CategoryBucket(
                    g.Key.Category, g.Key.Currency, g.Key.Day, g.Sum(r => r.Income!.Value), g.Sum(r => r.Expenses!.Value),
                    g.Sum(r => r.IncomeCount!.Value), g.Sum(r => r.ExpenseCount!.Value), g.Sum(r => r.ConvertedIncome!.Value), g.Sum(r => r.ConvertedExpenses!.Value)))],
            missing);
    }

    private sealed record AccountSpan(Guid AccountId, DateOnly First, DateOnly Last);

    /// <summary>A group of the statement; the factors that matched no day total make one with nothing but nulls.</summary>
    private sealed record Row(
        Guid? CategoryKey, Guid? AccountId, DateOnly? Day, decimal? Income, decimal? Expenses, long? IncomeCount, long? ExpenseCount,
        decimal? ConvertedIncome, decimal? ConvertedExpenses, DateOnly[]? Missing);
}
