using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cashman.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Cashman";

    /// <summary>
    /// Registers the EF Core context on Npgsql. The connection string is read from configuration when the
    /// host starts (a missing one fails the start), so hosts and tests may supply it late.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddDbContext<CashmanDbContext>((provider, options) =>
            options.UseCashmanNpgsql(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
        return services;
    }

    /// <summary>The provider settings shared by the application and the design-time factory.</summary>
    public static DbContextOptionsBuilder UseCashmanNpgsql(this DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
    }
}
