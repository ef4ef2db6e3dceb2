using System.Globalization;
using Cashman.Api.Authentication;
using Cashman.Api.Contracts;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Services;

/// <summary>
/// Totals computed in PostgreSQL with numeric arithmetic, exact to the cent. Without a date range they are read
/// from the running totals (one row); with one, summed over the owner's rows in that range.
/// </summary>
public sealed class BalanceService(CashmanDbContext db, CurrentUser currentUser)
{
    public async Task<BalanceResponse> GetAsync(BalanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var owner = currentUser.Id;
        var range = new ListQuery { From = query.From, To = query.To };
        var from = range.FromDate;
        var to = range.ToDate;
        var rows = db.Transactions.AsNoTracking().Where(t => t.UserId == owner);
        if (from is { } f)
        {
            rows = rows.Where(t => t.OccurredOn >= f);
        }

        if (to is { } u)
        {
            rows = rows.Where(t => t.OccurredOn <= u);
        }

        var totals = from is null && to is null
            ? await RunningTotalsAsync(owner, cancellationToken)
            : Sum(await rows.GroupBy(t => t is Income)
                .Select(g => new Bucket(null, g.Key, g.Sum(t => t.Amount), g.LongCount()))
                .ToListAsync(cancellationToken));

        IReadOnlyList<BalanceGroup>? groups = query.GroupBy switch
        {
            "month" => Groups(await MonthBucketsAsync(rows, cancellationToken)),
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

    private static async Task<IEnumerable<Bucket>> MonthBucketsAsync(IQueryable<Transaction> rows, CancellationToken cancellationToken)
    {
        var months = await rows
            .GroupBy(t => new { t.OccurredOn.Year, t.OccurredOn.Month, Income = t is Income })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Income, Sum = g.Sum(t => t.Amount), Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return months.Select(m => new Bucket(
            string.Create(CultureInfo.InvariantCulture, $"{m.Year:0000}-{m.Month:00}"), m.Income, m.Sum, m.Count));
    }

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
