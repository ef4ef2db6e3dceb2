using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration;

/// <summary>
/// Checks what the database keeps as writes commit against the rows themselves: the owners' counts, each account's
/// total and count, and each account's day totals. Whatever interleaving of writes came before, they must agree exactly.
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
    }

    private static string Line(Guid user, Guid account, DateOnly day, long incomes, long expenses, long transfers, decimal income, decimal spent, decimal moved) =>
        FormattableString.Invariant($"{user} {account} {day:yyyy-MM-dd} {incomes} {expenses} {transfers} {income:0.####} {spent:0.####} {moved:0.####}");
}
