using Cashman.Infrastructure.Migrations;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Operations;

/// <summary>Upgrading a database that has transactions from before accounts existed loses none of them.</summary>
public sealed class AccountsMigrationTests
{
    [Test]
    public async Task TransactionsFromBeforeAccountsGetAnOwnerThatCannotLogIn()
    {
        var connectionString = TestDatabase.ScratchConnectionString("upgrade");
        await using var factory = new CashmanApiFactory(connectionString);
        try
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            await migrator.MigrateAsync(migrations[0]);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO transactions (id, type, description, amount, occurred_on, created_at, updated_at) " +
                "VALUES ('01a20782-0687-7f12-a9bd-af874c25bb55', 'income', 'Salary', 5000, '2026-01-01', now(), now())");

            await migrator.MigrateAsync();

            var owner = await db.Database.SqlQueryRaw<Guid>("SELECT user_id AS \"Value\" FROM transactions").SingleAsync();
            Assert.That(owner, Is.EqualTo(Guid.Parse(AddAccounts.UnclaimedOwnerId)));
            var user = await db.Users.AsNoTracking().SingleAsync();
            Assert.That(user.Email, Is.EqualTo("unclaimed@cashman.local"));

            using var client = factory.CreateClient();
            using var login = await client.PostAsync(
                "/auth/login",
                new StringContent("{\"email\":\"unclaimed@cashman.local\",\"password\":\"anything-at-all\"}", System.Text.Encoding.UTF8, "application/json"));
            Assert.That(login.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(connectionString);
        }
    }

    [Test]
    public async Task UpgradingAnEmptyDatabaseCreatesNoPlaceholderOwner()
    {
        await using var db = TestDatabase.Inspect();
        Assert.That(await db.Users.AnyAsync(u => u.Email == "unclaimed@cashman.local"), Is.False);
    }
}
