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
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    public const string ConnectionStringVariable = "CASHMAN_TEST_CONNECTION_STRING";

    private static PostgreSqlContainer? _container;
    private static string? _serverConnectionString;
    private static string? _connectionString;
    private static CashmanApiFactory? _factory;
    private static string[] _tables = [];

    /// <summary>The run's own database.</summary>
    public static string ConnectionString => _connectionString ?? throw new InvalidOperationException("The test database is not started.");

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

        var database = $"cashman_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{database}\"");
        _connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = database }.ConnectionString;

        _factory = new CashmanApiFactory(_connectionString);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
        await db.Database.MigrateAsync();
        _tables = [.. db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct()];
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

    /// <summary>A connection string to a new, not yet existing database on the test server (EF creates it on migrate).</summary>
    public static string ScratchConnectionString(string purpose) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = $"cashman_{purpose}_{Guid.NewGuid():N}" }.ConnectionString;

    /// <summary>Creates an empty database (no migrations applied) and returns its connection string.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string purpose)
    {
        var connectionString = ScratchConnectionString(purpose);
        await ExecuteOnServerAsync($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\"");
        return connectionString;
    }

    /// <summary>Drops the database a connection string names, closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    /// <summary>Empties every table of the model, so that each test starts from nothing.</summary>
    public static async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"TRUNCATE TABLE {string.Join(", ", _tables.Select(t => $"\"{t}\""))} RESTART IDENTITY CASCADE", connection);
        await command.ExecuteNonQueryAsync();
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

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
