using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Tests.Integration.Operations;

/// <summary>Runs the built <c>Cashman.Api.dll migrate</c> as a process, as the compose stack does.</summary>
public sealed class MigrateCommandTests
{
    [Test]
    public async Task MigrateAppliesPendingMigrationsToAnEmptyDatabaseAndExitsZero()
    {
        var connectionString = TestDatabase.ScratchConnectionString("migrate");
        try
        {
            var (exitCode, output) = await ApiProcess.RunAsync(connectionString, "migrate");
            Assert.That(exitCode, Is.Zero, output);
            var known = KnownMigrations();
            Assert.That(output, Does.Contain($"Applied {known} migration(s): 20261123082022_InitialCreate, 20261123084337_AddAccounts"));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM __ef_migrations_history", connection);
            Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((long)known));

            var (secondExit, secondOutput) = await ApiProcess.RunAsync(connectionString, "migrate");
            Assert.That(secondExit, Is.Zero, secondOutput);
            Assert.That(secondOutput, Does.Contain("The database is up to date; no migration to apply").And.Not.Contain("Applied 0"));
            Assert.That(output + secondOutput, Does.Not.Contain("System.Collections"), "the list is logged as names, not as a type");
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(connectionString);
        }
    }

    [Test]
    public async Task MigrateWithAnUnreachableDatabaseExitsNonZero()
    {
        var (exitCode, output) = await ApiProcess.RunAsync("Host=127.0.0.1;Port=1;Database=nothing;Username=nobody;Timeout=2", "migrate");
        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Migration failed"));
    }

    private static int KnownMigrations()
    {
        using var scope = TestDatabase.Factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.GetMigrations().Count();
    }
}
