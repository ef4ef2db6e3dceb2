using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Bench;

/// <summary>
/// Per-request cost of authentication, measured in process (TestServer, no network noise) on the anonymous
/// <c>GET /</c>, whose action touches no database: the only difference between the rows is the credentials
/// sent, which the authentication middleware checks on every request. The logout check (one primary-key
/// lookup of the token's session) is measured by running the same bearer requests on a second host whose
/// OnTokenValidated event is a no-op. Reported as ratios to the unauthenticated request, measured in the same run.
/// </summary>
internal static class AuthCostBenchmark
{
    public static async Task<int> RunAsync(string serverConnectionString, int requests, int rounds)
    {
        var database = $"cashman_bench_{Guid.NewGuid():N}";
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        await using var withCheck = new BenchFactory(connectionString, sessionCheck: true);
        await using var withoutCheck = new BenchFactory(connectionString, sessionCheck: false);
        await using (var scope = withCheck.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
        }

        try
        {
            using var anonymous = withCheck.CreateClient();
            var credentials = new { email = "bench@example.com", password = "bench-password" };
            (await anonymous.PostAsJsonAsync("/auth/register", credentials)).EnsureSuccessStatusCode();
            var login = await (await anonymous.PostAsJsonAsync("/auth/login", credentials)).Content.ReadFromJsonAsync<JsonElement>();
            var accessToken = login.GetProperty("accessToken").GetString()!;

            using var bearer = withCheck.CreateClient();
            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            var key = await (await bearer.PostAsJsonAsync("/auth/api-keys", new { name = "bench" })).Content.ReadFromJsonAsync<JsonElement>();
            using var apiKey = withCheck.CreateClient();
            apiKey.DefaultRequestHeaders.Add(CashmanClaims.ApiKeyHeader, key.GetProperty("key").GetString());
            using var bearerNoCheck = withoutCheck.CreateClient();
            bearerNoCheck.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

            var cases = new (string Name, HttpClient Client, string Path)[]
            {
                // Anonymous endpoints never look at credentials, so the authenticated cases ask /auth/me: authentication,
                // then one primary-key read of the caller.
                ("GET /health/live, no credentials (baseline: the framework's floor)", anonymous, "/health/live"),
                ("GET /auth/me, bearer JWT, without logout check", bearerNoCheck, "/auth/me"),
                ("GET /auth/me, bearer JWT, with logout check", bearer, "/auth/me"),
                ("GET /auth/me, X-API-Key (owner in the key)", apiKey, "/auth/me"),
                ("for scale: GET /incomes, bearer with check", bearer, "/incomes"),
            };

            foreach (var (_, client, path) in cases)
            {
                await MeasureAsync(client, path, requests / 4);
            }

            var samples = cases.ToDictionary(c => c.Name, _ => new List<double>());
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, client, path) in cases)
                {
                    samples[name].AddRange(await MeasureAsync(client, path, requests));
                }
            }

            var baseline = Percentile(samples[cases[0].Name], 0.5);
            Console.WriteLine($"Auth cost per request ({rounds} rounds x {requests} requests per case, in process, sequential)");
            Console.WriteLine();
            Console.WriteLine("| request | median µs | p95 µs | median vs baseline |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var (name, _, _) in cases)
            {
                var median = Percentile(samples[name], 0.5);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name} | {median:0} | {Percentile(samples[name], 0.95):0} | {median / baseline:0.00}x |"));
            }

            return 0;
        }
        finally
        {
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    private static async Task<List<double>> MeasureAsync(HttpClient client, string path, int count)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            response.EnsureSuccessStatusCode();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return times;
    }

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(percentile * (sorted.Count - 1)))];
    }

    internal sealed class BenchFactory(string connectionString, bool sessionCheck, bool recurringService = true) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Cashman", connectionString);
            builder.UseSetting("Jwt:SigningKey", "benchmark-signing-key-0123456789abcdefghijkl");
            builder.UseSetting("RateLimiting:AuthPerMinute", "1000");
            builder.UseSetting("RateLimiting:PerUserPerMinute", "1000000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
            if (!recurringService)
            {
                // The benchmark runs the posting passes itself, to time them.
                builder.ConfigureTestServices(services => services.Remove(services.Single(d => d.ImplementationType == typeof(Api.Recurring.RecurringPostingService))));
            }

            if (!sessionCheck)
            {
                builder.ConfigureTestServices(services => services.PostConfigure<JwtBearerOptions>(
                    CashmanClaims.BearerScheme,
                    o => o.Events.OnTokenValidated = _ => Task.CompletedTask));
            }
        }
    }
}
