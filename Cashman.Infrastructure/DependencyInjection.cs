using System.Data.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cashman.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Cashman";

    /// <summary>The name of the connection pool in metrics and traces: no connection details.</summary>
    public const string PoolName = "cashman";

    /// <summary>
    /// Registers the EF Core context on Npgsql with a retrying execution strategy for transient failures. The connection
    /// string is read from configuration when the host starts (a missing one fails the start), so hosts and tests may
    /// supply it late.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The options (connection string, timeouts, retry strategy) are built once; each request rents a context from a
        // pool, which EF Core resets (change tracker, transaction, savepoint and timeout settings) when it comes back.
        services.AddDbContextPool<CashmanDbContext>(
            (provider, options) => options.UseCashmanNpgsql(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton<StreamingReads>();
        services.AddSingleton<ExternalIds>();
        services.AddScoped<RequestTransaction>();
        return services;
    }

    /// <summary>The application's provider settings: timeouts and retries from <paramref name="database"/>.</summary>
    public static DbContextOptionsBuilder UseCashmanNpgsql(this DbContextOptionsBuilder options, DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        // NpgsqlConnectionStringBuilder knows every keyword, so ask a plain builder what the string itself sets.
        var given = new DbConnectionStringBuilder { ConnectionString = database.ConnectionString };
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        if (!given.ContainsKey("Timeout"))
        {
            connection.Timeout = database.ConnectTimeoutSeconds;
        }

        if (!given.ContainsKey("Command Timeout"))
        {
            connection.CommandTimeout = database.CommandTimeoutSeconds;
        }

        // The hot statements (the logout check, a page, the totals) are prepared once per connection instead of parsed
        // and planned on every request; and a connection going back to the pool skips DISCARD ALL, which would drop
        // those statements again. Requests leave no session state behind (their settings are SET LOCAL); the one
        // session-level SET, citus.enable_unsafe_triggers while migrate distributes the tables, is only a DDL guard.
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            connection.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close"))
        {
            connection.NoResetOnClose = true;
        }

        return options.UseCashmanNpgsql(
            connection.ConnectionString,
            npgsql => npgsql.EnableRetryOnFailure(database.MaxRetryCount, database.MaxRetryDelay, errorCodesToAdd: null));
    }

    /// <summary>The provider settings shared by the application and the design-time factory.</summary>
    public static DbContextOptionsBuilder UseCashmanNpgsql(
        this DbContextOptionsBuilder options,
        string connectionString,
        Action<Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseNpgsql(connectionString, npgsql =>
            {
                npgsql.MigrationsHistoryTable("__ef_migrations_history");

                // The pool's name labels its metrics; by default it is the connection string (host, port, user, database).
                npgsql.ConfigureDataSource(source => source.Name = PoolName);
                configure?.Invoke(npgsql);
            })
            .UseSnakeCaseNamingConvention()
            .ReplaceService<IMigrationsSqlGenerator, DistributingMigrationsSqlGenerator>();
    }
}
