using Cashman.Api.Accounts;
using Cashman.Api.Categories;
using Cashman.Api.Rates;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Categories;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Budgets;

/// <summary>
/// Monthly budgets per category in the base currency, and what is left of them. What was spent comes from the category
/// totals the database keeps (<see cref="CategoryTotals"/>), converted at each day's rate and rounded once per category
/// and month. A rollover chain starts at the category's first budgeted month: nothing rolls into it.
/// </summary>
public sealed class BudgetService(
    CashmanDbContext db,
    RequestTransaction requestTransaction,
    CurrentUser currentUser,
    CallerAccounts callerAccounts,
    NewTransactions newTransactions,
    CategoryTotals categoryTotals)
{
    public async Task<BudgetResponse> SetAsync(string month, Guid categoryId, BudgetRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var first = BudgetMonth.Parse(month, "month");
        var owner = currentUser.Id;
        var category = await CategoryAsync(categoryId, cancellationToken);
        var settings = await callerAccounts.SettingsAsync(cancellationToken);
        var now = newTransactions.Now();
        if (request.Amount is not { } amount)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["amount"] = ["The amount is required."] });
        }

        var budget = new Budget(owner, categoryId, first, amount, settings.BaseCurrency, now);
        await requestTransaction.ExecuteAsync(
            (context, c) => context.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO budgets AS b (user_id, month, category_id, amount, updated_at)
                VALUES ({owner}, {budget.Month}, {categoryId}, {budget.Amount}, {now})
                ON CONFLICT (user_id, month, category_id) DO UPDATE SET amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at
                """,
                c),
            (context, c) => context.Budgets.AnyAsync(b => b.UserId == owner && b.Month == budget.Month && b.CategoryId == categoryId && b.UpdatedAt == now, c),
            cancellationToken);
        return new BudgetResponse
        {
            Month = BudgetMonth.Format(budget.Month),
            CategoryId = categoryId,
            Path = category.Path,
            Amount = budget.Amount,
            Currency = settings.BaseCurrency,
        };
    }

    public async Task DeleteAsync(string month, Guid categoryId, CancellationToken cancellationToken)
    {
        var first = BudgetMonth.Parse(month, "month");
        var owner = currentUser.Id;
        if (await db.Budgets.Where(b => b.UserId == owner && b.Month == first && b.CategoryId == categoryId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new NotFoundException();
        }
    }

    /// <summary>Copies every budget of <paramref name="from"/> into <paramref name="month"/>, replacing the amounts of categories both have.</summary>
    public async Task<BudgetMonthResponse> CopyAsync(string month, string? from, CancellationToken cancellationToken)
    {
        var target = BudgetMonth.Parse(month, "month");
        var source = BudgetMonth.Parse(from, "from");
        if (source == target)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["from"] = ["A month cannot be copied into itself."] });
        }

        var owner = currentUser.Id;
        var now = newTransactions.Now();
        await requestTransaction.ExecuteAsync(
            (context, c) => context.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO budgets AS b (user_id, month, category_id, amount, updated_at)
                SELECT user_id, {target}, category_id, amount, {now} FROM budgets WHERE user_id = {owner} AND month = {source}
                ON CONFLICT (user_id, month, category_id) DO UPDATE SET amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at
                """,
                c),
            async (context, c) => !await context.Budgets.AnyAsync(b => b.UserId == owner && b.Month == source, c)
                || await context.Budgets.AnyAsync(b => b.UserId == owner && b.Month == target && b.UpdatedAt == now, c),
            cancellationToken);
        return await GetAsync(month, cancellationToken);
    }

    /// <summary>The month's budgets against its spending, with what rolled over from the months before.</summary>
    public async Task<BudgetMonthResponse> GetAsync(string month, CancellationToken cancellationToken)
    {
        var target = BudgetMonth.Parse(month, "month");
        var owner = currentUser.Id;
        var currency = (await callerAccounts.SettingsAsync(cancellationToken)).BaseCurrency;
        var categories = await db.Categories.AsNoTracking().Where(c => c.UserId == owner).ToDictionaryAsync(c => c.Id, cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.UserId == owner && b.Month <= target).ToListAsync(cancellationToken);

        // Each rolling category's chain starts at its first budget; the spending is read from the earliest such start.
        var starts = budgets
            .Where(b => categories.TryGetValue(b.CategoryId, out var c) && c.Rollover != Rollover.None)
            .GroupBy(b => b.CategoryId)
            .ToDictionary(g => g.Key, g => g.Min(b => b.Month));
        var from = starts.Count == 0 ? target : starts.Values.Min();
        var spending = await SpendingAsync(owner, from, target.AddMonths(1).AddDays(-1), currency, categories, cancellationToken);

        var budgeted = budgets.ToDictionary(b => (b.CategoryId, b.Month), b => b.Amount);
        var rolled = new Dictionary<Guid, decimal>();
        for (var m = from; m < target; m = m.AddMonths(1))
        {
            foreach (var id in starts.Where(s => s.Value <= m).Select(s => s.Key).ToList())
            {
                rolled[id] = Carry(categories[id].Rollover, Line(id, m).Available);
            }
        }

        var lines = categories.Keys
            .Select(id => Line(id, target))
            .Where(l => budgeted.ContainsKey((l.CategoryId, target)) || l.Spent != 0 || l.RolledOver != 0)
            .OrderBy(l => l.Path, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var totalSpent = categories.Values.Where(c => c.ParentId is null).Sum(c => spending.Spent(c.Id, target));
        var totalBudgeted = lines.Sum(l => l.Budgeted);
        return new BudgetMonthResponse
        {
            Month = BudgetMonth.Format(target),
            Currency = currency,
            Categories = lines,
            TotalBudgeted = Currencies.Exact(totalBudgeted, currency),
            TotalSpent = Currencies.Exact(totalSpent, currency),
            TotalAvailable = Currencies.Exact(totalBudgeted + lines.Sum(l => l.RolledOver) - totalSpent, currency),
            Complete = spending.Missing.Count == 0,
            MissingRates = [.. spending.Missing.Take(RateLookup.MaxMissing).Select(m => new MissingRate(m.Currency, m.Day))],
        };

        BudgetLine Line(Guid id, DateOnly m)
        {
            var amount = budgeted.GetValueOrDefault((id, m));
            var carried = rolled.GetValueOrDefault(id);
            var spent = spending.Spent(id, m);
            return new BudgetLine
            {
                CategoryId = id,
                Path = categories[id].Path,
                Budgeted = Currencies.Exact(amount, currency),
                RolledOver = Currencies.Exact(carried, currency),
                Spent = Currencies.Exact(spent, currency),
                Available = Currencies.Exact(amount + carried - spent, currency),
            };
        }
    }

    private static decimal Carry(Rollover rollover, decimal available) => rollover switch
    {
        Rollover.Surplus => Math.Max(available, 0m),
        Rollover.All => available,
        _ => 0m,
    };

    /// <summary>
    /// What left each category (with its children) in each month from <paramref name="from"/> to <paramref name="to"/>,
    /// converted to <paramref name="currency"/> at each day's rate, rounded once per category and month.
    /// </summary>
    private async Task<Spending> SpendingAsync(
        Guid owner, DateOnly from, DateOnly to, string currency, Dictionary<Guid, Category> categories, CancellationToken cancellationToken)
    {
        var report = await categoryTotals.ReadAsync(owner, from, to, null, currency, byMonth: true, cancellationToken, categorised: true);
        var sums = new Dictionary<(Guid, DateOnly), decimal>();
        foreach (var bucket in report.Buckets.Where(b => categories.ContainsKey(b.CategoryKey)))
        {
            // What left the category: expenses (negative) less incomes, already in the base currency.
            var outflow = -(bucket.ConvertedIncome + bucket.ConvertedExpenses);
            var category = categories[bucket.CategoryKey];
            foreach (var id in category.ParentId is { } parent ? [category.Id, parent] : new[] { category.Id })
            {
                sums[(id, bucket.Day)] = sums.GetValueOrDefault((id, bucket.Day)) + outflow;
            }
        }

        return new Spending(sums.ToDictionary(s => s.Key, s => Currencies.Exact(s.Value, currency)), report.Missing);
    }

    private async Task<Category> CategoryAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        return await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == owner && c.Id == id, cancellationToken)
            ?? throw new NotFoundException();
    }

    private sealed record Spending(Dictionary<(Guid, DateOnly), decimal> Sums, SortedSet<(DateOnly Day, string Currency)> Missing)
    {
        public decimal Spent(Guid category, DateOnly month) => Sums.GetValueOrDefault((category, month));
    }
}
