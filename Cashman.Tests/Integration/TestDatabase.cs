using Cashman.Infrastructure;
using Cashman.Infrastructure.Persistence;
using DotNet.Testcontainers.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Cashman.Tests.Integration;

/// <summary>
/// Boots PostgreSQL once per run for every integration test: the server named by
/// <see cref="ConnectionStringVariable"/> when it is set (the test script's local cluster), otherwise a
/// Testcontainers container. Either way the run gets a fresh database of its own, migrated, and drops it after.
/// There is no fallback to an in-memory stand-in: without a real PostgreSQL the run fails and says why.
/// With <see cref="CitusWorkersVariable"/> set (<c>scripts/test.sh --citus</c>), the server is a Citus coordinator: each
/// database the tests create gets the extension and the workers, <c>migrate</c> distributes it, and the API's connections
/// turn every query that would touch more than one shard into an error.
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    public const string ConnectionStringVariable = "CASHMAN_TEST_CONNECTION_STRING";

    /// <summary>The Citus workers' <c>host:port</c> list, comma-separated; the connection string then names the coordinator.</summary>
    public const string CitusWorkersVariable = "CASHMAN_TEST_CITUS_WORKERS";

    /// <summary>On Citus, what the API's connections run with: a request whose query needs more than one shard fails.</summary>
    public const string SingleShardOptions = "-c citus.multi_task_query_log_level=error";

    private static readonly string[] CitusWorkers =
        (Environment.GetEnvironmentVariable(CitusWorkersVariable) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static PostgreSqlContainer? _container;
    private static string? _serverConnectionString;
    private static string? _connectionString;
    private static CashmanApiFactory? _factory;

    /// <summary>
    /// A context for the tests' own reads and writes (not the API's connection settings), on the run's database or the
    /// one given.
    /// </summary>
    public static CashmanDbContext Inspect(string? connectionString = null) =>
        new((DbContextOptions<CashmanDbContext>)new DbContextOptionsBuilder<CashmanDbContext>()
            .UseCashmanNpgsql(connectionString ?? InspectionConnectionString).Options);

    /// <summary>Whether the run is on a Citus cluster.</summary>
    public static bool IsCitus => CitusWorkers.Length > 0;

    /// <summary>The run's own database, as the API connects to it (on Citus, with multi-shard queries as errors).</summary>
    public static string ConnectionString => ForApi(InspectionConnectionString);

    /// <summary>The run's own database, for the tests' own reads and writes, which may look across users.</summary>
    public static string InspectionConnectionString => _connectionString ?? throw new InvalidOperationException("The test database is not started.");

    /// <summary>The API hosted in memory on the run's database.</summary>
    public static CashmanApiFactory Factory => _factory ?? throw new InvalidOperationException("The test database is not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _serverConnectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(_serverConnectionString))
        {
            _serverConnectionString = await StartContainerAsync();
        }

        _connectionString = await CreateEmptyDatabaseAsync("test", forApi: false);
        _factory = new CashmanApiFactory(ConnectionString);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
        await db.MigrateAndDistributeAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_connectionString is not null)
        {
            await DropDatabaseAsync(_connectionString);
        }

        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>A connection string to a new, not yet existing database on the test server (EF creates it on migrate, without Citus).</summary>
    public static string ScratchConnectionString(string purpose) =>
        new NpgsqlConnectionStringBuilder(InspectionConnectionString) { Database = $"cashman_{purpose}_{Guid.NewGuid():N}" }.ConnectionString;

    /// <summary>
    /// Creates an empty database (no migrations applied) and returns its connection string; on Citus with the extension and
    /// the workers, so that migrating it distributes it.
    /// </summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string purpose, bool forApi = true)
    {
        var database = $"cashman_{purpose}_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{database}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = database }.ConnectionString;
        if (IsCitus)
        {
            foreach (var worker in CitusWorkers)
            {
                await ExecuteAsync(OnWorker(worker, "postgres"), $"CREATE DATABASE \"{database}\"");
                await ExecuteAsync(OnWorker(worker, database), "CREATE EXTENSION citus");
            }

            var coordinator = new NpgsqlConnectionStringBuilder(connectionString);
            await ExecuteAsync(connectionString, "CREATE EXTENSION citus");
            await ExecuteAsync(connectionString, $"SELECT citus_set_coordinator_host('{coordinator.Host}', {coordinator.Port})");
            foreach (var worker in CitusWorkers)
            {
                var (host, port) = HostAndPort(worker);
                await ExecuteAsync(connectionString, $"SELECT citus_add_node('{host}', {port})");
            }
        }

        return forApi ? ForApi(connectionString) : connectionString;
    }

    /// <summary>Drops the database a connection string names (on every Citus node), closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        foreach (var worker in CitusWorkers)
        {
            await ExecuteAsync(OnWorker(worker, "postgres"), $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>The connection string the API gets for a database: on Citus, with multi-shard queries as errors.</summary>
    public static string ForApi(string connectionString) =>
        IsCitus ? new NpgsqlConnectionStringBuilder(connectionString) { Options = SingleShardOptions }.ConnectionString : connectionString;

    /// <summary>How many rows of <paramref name="table"/> have <paramref name="userId"/> in <paramref name="column"/>.</summary>
    public static async Task<long> CountOwnedAsync(string table, Guid userId, string column = "user_id")
    {
        await using var connection = new NpgsqlConnection(InspectionConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> StartContainerAsync()
    {
        try
        {
            _container = new PostgreSqlBuilder("postgres:17-alpine").Build();
            await _container.StartAsync();
            return _container.GetConnectionString();
        }
        catch (DockerUnavailableException exception)
        {
            throw new InvalidOperationException(
                $"The integration tests need PostgreSQL. Either start a Docker engine (Testcontainers runs postgres:17-alpine) " +
                $"or set {ConnectionStringVariable} to a server the tests may create databases on " +
                "(scripts/test.sh does this with a throwaway local cluster).",
                exception);
        }
    }

    private static Task ExecuteOnServerAsync(string sql) => ExecuteAsync(_serverConnectionString!, sql);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static (string Host, int Port) HostAndPort(string worker)
    {
        var separator = worker.LastIndexOf(':');
        return (worker[..separator], int.Parse(worker[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string OnWorker(string worker, string database)
    {
        var (host, port) = HostAndPort(worker);
        return new NpgsqlConnectionStringBuilder(_serverConnectionString) { Host = host, Port = port, Database = database }.ConnectionString;
    }
}
