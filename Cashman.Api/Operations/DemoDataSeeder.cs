using Cashman.Api.Accounts;
using Cashman.Domain.Accounts;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Operations;

/// <summary>
/// Seeds the demo account (<see cref="DemoEmail"/>, password <see cref="DemoPassword"/>) owning the tutorial's
/// data: incomes Salary 5000 and Dividends 200, expenses pizza 50 and Rock Concert 100. Only once, only in Development.
/// </summary>
public sealed class DemoDataSeeder(CashmanDbContext db, IPasswordHasher<User> passwordHasher, IOptions<MoneyOptions> money, TimeProvider timeProvider)
{
    public const string DemoEmail = "demo@cashman.local";
    public const string DemoPassword = "cashman-demo";

    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        var normalized = AccountRules.NormalizeEmail(DemoEmail);
        if (await db.UserEmails.AnyAsync(e => e.NormalizedEmail == normalized, cancellationToken))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var demo = new User(Guid.CreateVersion7(now), DemoEmail, now);
        demo.SetPasswordHash(passwordHasher.HashPassword(demo, DemoPassword));
        var main = db.AddAccount(demo, money.Value.DefaultCurrency, MoneyRules.DefaultTimeZone, now).Ref;

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Transaction[] tutorial =
        [
            new Income(Guid.CreateVersion7(now), demo.Id, main, new TransactionDetails("Salary", 5000m, "work", today), now),
            new Income(Guid.CreateVersion7(now), demo.Id, main, new TransactionDetails("Dividends", 200m, "investments", today), now),
            new Expense(Guid.CreateVersion7(now), demo.Id, main, new TransactionDetails("pizza", 50m, "food", today), now),
            new Expense(Guid.CreateVersion7(now), demo.Id, main, new TransactionDetails("Rock Concert", 100m, "entertainment", today), now),
        ];
        db.Transactions.AddRange(tutorial);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
