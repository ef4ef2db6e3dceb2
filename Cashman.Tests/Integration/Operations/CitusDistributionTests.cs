using System.Net.Http.Json;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// On a Citus cluster (<c>scripts/test.sh --citus</c>): <c>migrate</c> distributed every table as planned, users' rows
/// sit on both workers, migrating again changes nothing, and the API's connections really do refuse a multi-shard query
/// (so that the rest of the suite proves every request stays on one shard). On plain PostgreSQL these are skipped.
/// </summary>
// Alone: it counts where every row of the cluster lands.
[NonParallelizable]
public sealed class CitusDistributionTests : IntegrationTest
{
    [SetUp]
    public void OnCitusOnly() => Assume.That(TestDatabase.IsCitus, "needs a Citus cluster: ./scripts/test.sh --citus");

    [Test]
    public async Task EveryTableIsDistributedByUserColocatedOrIsAReferenceTable()
    {
        var placement = await RowsAsync(
            "SELECT table_name::text, citus_table_type, distribution_column, colocation_id::text FROM citus_tables");
        var tables = await RowsAsync("SELECT tablename::text, '', '', '' FROM pg_tables WHERE schemaname = 'public'");
        var users = placement.Single(p => p[0] == "users");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(placement.Select(p => p[0]), Is.EquivalentTo(tables.Select(t => t[0])), "every table is a Citus table");
            Assert.That(users[1..3], Is.EqualTo(new[] { "distributed", "id" }));
            foreach (var owned in new[] { "transactions", "sessions", "refresh_tokens", "api_keys", "user_totals", "account_day_totals", "accounts", "user_settings", "user_rates", "idempotency_records" })
            {
                var row = placement.Single(p => p[0] == owned);
                Assert.That(row[1..], Is.EqualTo(new[] { "distributed", "user_id", users[3] }), owned);
            }

            Assert.That(placement.Single(p => p[0] == "user_emails")[1..3], Is.EqualTo(new[] { "distributed", "normalized_email" }));
            Assert.That(placement.Single(p => p[0] == "legacy_credentials")[1], Is.EqualTo("reference"));
            Assert.That(placement.Single(p => p[0] == "__ef_migrations_history")[1], Is.EqualTo("reference"));
        }
    }

    [Test]
    public async Task UsersRowsLandOnBothWorkers()
    {
        for (var i = 0; i < 16; i++)
        {
            var client = ClientWithToken((await RegisterAndLoginAsync($"spread-{i}@example.com")).AccessToken);
            (await client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 100 })).Dispose();
        }

        var nodes = await RowsAsync("""
            SELECT DISTINCT s.nodename || ':' || s.nodeport, '', '', ''
            FROM (SELECT DISTINCT user_id FROM transactions) t
            JOIN citus_shards s ON s.shardid = get_shard_id_for_distribution_column('transactions', t.user_id)
            """);
        Assert.That(nodes, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task MigratingAgainChangesNothing()
    {
        const string Sql = "SELECT table_name::text, citus_table_type, distribution_column, shard_count::text FROM citus_tables";
        var before = await RowsAsync(Sql);
        await using (var db = TestDatabase.Inspect())
        {
            await db.MigrateAndDistributeAsync();
        }

        Assert.That(await RowsAsync(Sql), Is.EquivalentTo(before));
    }

    [Test]
    public async Task TheApisConnectionsRefuseAQueryThatSpansShards()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM transactions", connection);
        PostgresException? error = null;
        try
        {
            await command.ExecuteScalarAsync();
        }
        catch (PostgresException exception)
        {
            error = exception;
        }

        Assert.That(error?.MessageText, Does.Contain("multi-task query"));
    }

    private static async Task<List<string[]>> RowsAsync(string sql)
    {
        await using var db = TestDatabase.Inspect();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)]);
        }

        return rows;
    }
}
