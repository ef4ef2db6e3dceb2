using System.Globalization;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Balance;

/// <summary>
/// Totals computed in PostgreSQL with numeric arithmetic, exact to the cent. Without a date range they are read
/// from the running totals (one row); with one, or by month, from the month totals plus the rows of partial months;
/// by category, summed over the owner's rows in the range.
/// </summary>
public sealed class BalanceService(CashmanDbContext db, CurrentUser currentUser)
{
    public async Task<BalanceResponse> GetAsync(BalanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var owner = currentUser.Id;
        var from = query.FromDate;
        var to = query.ToDate;
        var rows = db.Transactions.AsNoTracking().Where(t => t.UserId == owner);
        if (from is { } f)
        {
            rows = rows.Where(t => t.OccurredOn >= f);
        }

        if (to is { } u)
        {
            rows = rows.Where(t => t.OccurredOn <= u);
        }

        var months = query.IsRanged || query.GroupBy == "month" ? await MonthBucketsAsync(owner, from, to, rows, cancellationToken) : null;
        var totals = months is not null ? Sum(months) : await RunningTotalsAsync(owner, cancellationToken);

        IReadOnlyList<BalanceGroup>? groups = query.GroupBy switch
        {
            "month" => Groups(months!),
            "category" => Groups(await rows
                .GroupBy(t => new { t.Category, Income = t is Income })
                .Select(g => new Bucket(g.Key.Category, g.Key.Income, g.Sum(t => t.Amount), g.LongCount()))
                .ToListAsync(cancellationToken)),
            _ => null,
        };

        return new BalanceResponse
        {
            From = from,
            To = to,
            TotalIncome = totals.TotalIncome,
            TotalExpenses = totals.TotalExpenses,
            Balance = totals.Balance,
            IncomeCount = totals.IncomeCount,
            ExpenseCount = totals.ExpenseCount,
            Groups = groups,
        };
    }

    /// <summary>
    /// Totals per month and kind over the range: whole months from the month totals, and only the days of a partial
    /// first or last month from the rows, so the cost is bounded by two months of rows however long the range.
    /// Months are counted as indexes (year × 12 + month − 1), so a range reaching 0001-01-01 or 9999-12-31 needs no
    /// date arithmetic past the calendar's ends.
    /// </summary>
    private async Task<List<Bucket>> MonthBucketsAsync(
        Guid owner, DateOnly? from, DateOnly? to, IQueryable<Transaction> rows, CancellationToken cancellationToken)
    {
        // The whole months inside the range: [firstWhole, lastWhole], empty when firstWhole > lastWhole.
        int? firstWhole = from is { } f ? MonthIndex(f) + (f.Day == 1 ? 0 : 1) : null;
        int? lastWhole = to is { } t ? MonthIndex(t) - (t.Day == DateTime.DaysInMonth(t.Year, t.Month) ? 0 : 1) : null;
        var anyWhole = (firstWhole ?? FirstMonthIndex) <= (lastWhole ?? LastMonthIndex);

        var buckets = new List<Bucket>();
        if (anyWhole)
        {
            var wholeMonths = db.MonthTotals.AsNoTracking().Where(m => m.UserId == owner && m.IncomeCount + m.ExpenseCount > 0);
            if (firstWhole is { } first)
            {
                var start = MonthStart(first);
                wholeMonths = wholeMonths.Where(m => m.Month >= start);
            }

            if (lastWhole is { } last)
            {
                var start = MonthStart(last);
                wholeMonths = wholeMonths.Where(m => m.Month <= start);
            }

            foreach (var month in await wholeMonths.ToListAsync(cancellationToken))
            {
                var key = MonthKey(month.Month.Year, month.Month.Month);
                buckets.Add(new Bucket(key, true, month.TotalIncome, month.IncomeCount));
                buckets.Add(new Bucket(key, false, month.TotalExpenses, month.ExpenseCount));
            }

            if (firstWhole is null && lastWhole is null)
            {
                return buckets;
            }

            // Only the rows of the partial months at the ends.
            var wholeStart = firstWhole is { } s ? MonthStart(s) : DateOnly.MinValue;
            var wholeEnd = lastWhole is { } e ? MonthEnd(e) : DateOnly.MaxValue;
            rows = rows.Where(t => t.OccurredOn < wholeStart || t.OccurredOn > wholeEnd);
        }

        var edges = await rows
            .GroupBy(t => new { t.OccurredOn.Year, t.OccurredOn.Month, Income = t is Income })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Income, Sum = g.Sum(t => t.Amount), Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        buckets.AddRange(edges.Select(e => new Bucket(MonthKey(e.Year, e.Month), e.Income, e.Sum, e.Count)));
        return buckets;
    }

    private const int FirstMonthIndex = 1 * 12;

    private const int LastMonthIndex = (9999 * 12) + 11;

    private static int MonthIndex(DateOnly day) => (day.Year * 12) + day.Month - 1;

    private static DateOnly MonthStart(int index) => new(index / 12, (index % 12) + 1, 1);

    private static DateOnly MonthEnd(int index)
    {
        var start = MonthStart(index);
        return new DateOnly(start.Year, start.Month, DateTime.DaysInMonth(start.Year, start.Month));
    }

    private static string MonthKey(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}");

    private async Task<BalanceGroup> RunningTotalsAsync(Guid owner, CancellationToken cancellationToken)
    {
        var totals = await db.UserTotals.AsNoTracking().SingleOrDefaultAsync(t => t.UserId == owner, cancellationToken);
        return totals is null
            ? Sum([])
            : Sum([new Bucket(null, true, totals.TotalIncome, totals.IncomeCount), new Bucket(null, false, totals.TotalExpenses, totals.ExpenseCount)]);
    }

    private static List<BalanceGroup> Groups(IEnumerable<Bucket> buckets) =>
        [.. buckets.GroupBy(b => b.Key).Select(Sum).OrderBy(g => g.Key, StringComparer.Ordinal)];

    private static BalanceGroup Sum(IEnumerable<Bucket> buckets)
    {
        var list = buckets.ToList();
        var income = Cents(list.Where(b => b.Income).Sum(b => b.Sum));
        var expenses = Cents(list.Where(b => !b.Income).Sum(b => b.Sum));
        return new BalanceGroup
        {
            Key = list.FirstOrDefault()?.Key,
            TotalIncome = income,
            TotalExpenses = expenses,
            Balance = income + expenses,
            IncomeCount = list.Where(b => b.Income).Sum(b => b.Count),
            ExpenseCount = list.Where(b => !b.Income).Sum(b => b.Count),
        };
    }

    private static decimal Cents(decimal value) => decimal.Add(decimal.Round(value, TransactionRules.AmountScale), 0.00m);

    private sealed record Bucket(string? Key, bool Income, decimal Sum, long Count);
}
