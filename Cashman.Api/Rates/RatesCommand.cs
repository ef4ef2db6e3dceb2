using Cashman.Domain.Common;

namespace Cashman.Api.Rates;

/// <summary>
/// The operator's <c>dotnet Cashman.Api.dll rates import FILE</c>: upserts every rate of an ECB reference rates file
/// (<c>eurofxref-hist.csv</c>) as shared rates, idempotently, so it can run on a schedule. Exit code 0 on success, 1 with
/// one line on standard error otherwise, 2 for a wrong command line.
/// </summary>
internal static class RatesCommand
{
    public const string Name = "rates";
    public const string Usage = "usage: dotnet Cashman.Api.dll rates import FILE";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not [_, "import", { Length: > 0 } path])
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            using var file = File.OpenText(path);
            await using var scope = app.Services.CreateAsyncScope();
            var stored = await scope.ServiceProvider.GetRequiredService<RateService>().ImportSharedAsync(file, CancellationToken.None);
            Console.WriteLine($"Stored {stored} shared rates from {path}.");
            return 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DomainValidationException or Npgsql.NpgsqlException)
        {
            var reason = exception is DomainValidationException invalid
                ? string.Join(" ", invalid.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
                : exception.Message;
            await Console.Error.WriteLineAsync($"cashman: cannot import the rates: {reason}");
            return 1;
        }
    }
}
