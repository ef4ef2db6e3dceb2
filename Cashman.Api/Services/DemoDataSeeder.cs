using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Services;

/// <summary>Seeds the tutorial's data (Salary 5000, Dividends 200, pizza 50, Rock Concert 100) into an empty database.</summary>
public sealed class DemoDataSeeder(CashmanDbContext db, TimeProvider timeProvider)
{
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Transactions.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Transaction[] demo =
        [
            new Income(Guid.CreateVersion7(now), new TransactionDetails("Salary", 5000m, "work", today), now),
            new Income(Guid.CreateVersion7(now), new TransactionDetails("Dividends", 200m, "investments", today), now),
            new Expense(Guid.CreateVersion7(now), new TransactionDetails("pizza", 50m, "food", today), now),
            new Expense(Guid.CreateVersion7(now), new TransactionDetails("Rock Concert", 100m, "entertainment", today), now),
        ];
        db.Transactions.AddRange(demo);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
