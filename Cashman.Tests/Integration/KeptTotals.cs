using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration;

/// <summary>
/// Checks what the database keeps as writes commit against the rows themselves: the owners' counts, each account's
/// total and count, each account's day totals and each category's. Whatever interleaving of writes came before, they must agree exactly.
/// </summary>
internal static class KeptTotals
{
    public static async Task AssertMatchTheRowsAsync(IReadOnlyCollection<Guid> users, string? database = null)
    {
        await using var db = database is null ? TestDatabase.Inspect() : TestDatabase.Inspect(database);
        var rows = await db.Transactions.AsNoTracking().Where(t => users.Contains(t.UserId)).ToListAsync();
        var counts = await db.UserTotals.AsNoTracking().Where(t => users.Contains(t.UserId)).ToListAsync();
        foreach (var total in counts)
        {
            var own = rows.Where(r => r.UserId == total.UserId).ToList();
            Assert.That(
                (total.IncomeCount, total.ExpenseCount, total.TransferCount),
                Is.EqualTo((own.Count(r => r is Income), own.Count(r => r is Expense), own.Count(r => r is Transfer))));
        }

        // Each row's effect on its accounts: an income or expense on its account, a transfer out of one and into the other.
        var legs = rows.SelectMany(r => r is Transfer
                ? new[] { (r.UserId, Account: r.AccountId, Day: r.OccurredOn, Kind: r.Kind, Amount: -r.Amount), (r.UserId, Account: r.ToAccountId!.Value, Day: r.OccurredOn, Kind: r.Kind, Amount: r.ToAmount!.Value) }
                : [(r.UserId, Account: r.AccountId, Day: r.OccurredOn, Kind: r.Kind, Amount: r.Amount)])
            .ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => users.Contains(a.UserId)).ToListAsync();
        foreach (var account in accounts)
        {
            var own = legs.Where(l => l.UserId == account.UserId && l.Account == account.Id).ToList();
            Assert.That((account.TransactionsTotal, account.TransactionCount), Is.EqualTo((own.Sum(l => l.Amount), (long)own.Count)), account.Name);
        }

        var days = await db.AccountDayTotals.AsNoTracking()
            .Where(d => users.Contains(d.UserId) && d.IncomeCount + d.ExpenseCount + d.TransferCount > 0)
            .ToListAsync();
        var expected = legs.GroupBy(l => (l.UserId, l.Account, l.Day))
            .Select(g => Line(g.Key.UserId, g.Key.Account, g.Key.Day,
                g.Count(l => l.Kind == TransactionKind.Income), g.Count(l => l.Kind == TransactionKind.Expense), g.Count(l => l.Kind == TransactionKind.Transfer),
                g.Where(l => l.Kind == TransactionKind.Income).Sum(l => l.Amount), g.Where(l => l.Kind == TransactionKind.Expense).Sum(l => l.Amount),
                g.Where(l => l.Kind == TransactionKind.Transfer).Sum(l => l.Amount)));
        Assert.That(
            days.Select(d => Line(d.UserId, d.AccountId, d.Day, d.IncomeCount, d.ExpenseCount, d.TransferCount, d.TotalIncome, d.TotalExpenses, d.TransfersTotal)),
            Is.EquivalentTo(expected));

        // Each income and expense in its category (none is the zero id), account and day.
        var categoryDays = await db.CategoryDayTotals.AsNoTracking()
            .Where(d => users.Contains(d.UserId) && d.IncomeCount + d.ExpenseCount > 0)
            .ToListAsync();
        var expectedCategories = rows.Where(r => r is not Transfer)
            .GroupBy(r => (r.UserId, Category: r.CategoryId ?? Guid.Empty, r.AccountId, r.OccurredOn))
            .Select(g => Line(g.Key.UserId, g.Key.Category, g.Key.OccurredOn, g.Count(r => r is Income), g.Count(r => r is Expense), 0,
                g.Where(r => r is Income).Sum(r => r.Amount), g.Where(r => r is Expense).Sum(r => r.Amount), 0) + " " + g.Key.AccountId);
        Assert.That(
            categoryDays.Select(d => Line(d.UserId, d.CategoryKey, d.Day, d.IncomeCount, d.ExpenseCount, 0, d.TotalIncome, d.TotalExpenses, 0) + " " + d.AccountId),
            Is.EquivalentTo(expectedCategories));
    }

    private static string Line(Guid user, Guid account, DateOnly day, long incomes, long expenses, long transfers, decimal income, decimal spent, decimal moved) =>
        FormattableString.Invariant($"{user} {account} {day:yyyy-MM-dd} {incomes} {expenses} {transfers} {income:0.####} {spent:0.####} {moved:0.####}");
}
