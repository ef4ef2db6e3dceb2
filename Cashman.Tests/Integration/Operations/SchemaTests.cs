using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Operations;

/// <summary>SPEC "Scale": every user-owned table carries user_id, so the data can be sharded by user.</summary>
public sealed class SchemaTests
{
    [Test]
    public async Task EveryUserOwnedTableCarriesUserId()
    {
        await using var scope = TestDatabase.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").ToListAsync();
        var withUserId = await db.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'").ToListAsync();

        var owned = tables.Except(["users", "__ef_migrations_history"]).ToList();
        Assert.That(owned, Is.SupersetOf(new[] { "transactions", "sessions", "refresh_tokens", "api_keys", "user_totals", "user_month_totals", "idempotency_records" }));
        Assert.That(withUserId, Is.SupersetOf(owned));
    }
}
