using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Operations;

/// <summary><c>dotnet Cashman.Api.dll migrate</c>: applies pending migrations, distributes the tables when the database runs Citus, and exits (0 on success, 1 on failure).</summary>
internal static partial class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand).FullName!);
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();

            // Building an index over millions of rows takes longer than a request may.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            var money = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Accounts.MoneyOptions>>().Value;
            await db.MigrateAndDistributeAsync(money.DefaultCurrency);
            if (pending.Count == 0)
            {
                LogUpToDate(logger);
            }
            else
            {
                var names = string.Join(", ", pending);
                LogApplied(logger, pending.Count, names);
            }

            return 0;
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException or InvalidOperationException or TimeoutException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            LogFailed(logger, exception);
            return 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s): {Migrations}")]
    private static partial void LogApplied(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is up to date; no migration to apply")]
    private static partial void LogUpToDate(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migration failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
