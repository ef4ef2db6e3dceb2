using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cashman.Api.Users;
using Cashman.Domain.Accounts;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cashman.Bench;

/// <summary>
/// Webhooks under write load, in process with Production settings and the real clock: users write expenses with their
/// API keys for a while with webhooks off, then with webhooks on for some of them (delivered by the background service
/// to a receiver on loopback), then off again. Reports the write throughput of each phase, the delay from a write to its
/// delivery, deliveries per second, and what the receiver is missing at the end (nothing, or the run fails).
/// </summary>
internal static class WebhookBenchmark
{
    private const int Writers = 16;

    public static async Task<int> RunAsync(string serverConnectionString, int users, int webhooks, TimeSpan phase)
    {
        var database = $"cashman_bench_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var receiver = await Receiver.StartAsync();
            await using var api = new AuthCostBenchmark.BenchFactory(connectionString, sessionCheck: true)
                .WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateTargets", "true"));
            await using (var scope = api.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
            }

            await BenchDatabase.SeedUsersAsync(connectionString, users, new DateOnly(2026, 1, 1), "hooks");
            var keys = await KeysAsync(api, connectionString);
            using var client = api.CreateClient();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{users:N0} users, {Writers} writers at once (each write a random user's POST /expenses with its API key), {webhooks} webhooks (one each for the first {webhooks} users), phases of {phase.TotalSeconds:0} s; {Environment.ProcessorCount} cores."));

            // Warm: the first half minute of a fresh process and database runs well below its steady rate.
            await WriteAsync(client, keys, TimeSpan.FromSeconds(30), _ => { });
            var before = await WriteAsync(client, keys, phase, _ => { });

            var hooks = new List<(string Key, string Id)>();
            foreach (var key in keys.Take(webhooks))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = JsonContent.Create(new { url = receiver.Url }) };
                request.Headers.Add(CashmanClaims.ApiKeyHeader, key.Key);
                using var created = await client.SendAsync(request);
                created.EnsureSuccessStatusCode();
                hooks.Add((key.Key, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
            }

            var watched = hooks.Select(h => h.Key).ToHashSet();
            var expected = new ConcurrentBag<string>();
            void Watch((string Key, string Id) written)
            {
                if (watched.Contains(written.Key))
                {
                    expected.Add(written.Id);
                }
            }

            // Warm the delivery's code too (a profile of the first minute found a fifth of the process's CPU compiling it).
            await WriteAsync(client, keys, TimeSpan.FromSeconds(30), Watch);
            var during = await WriteAsync(client, keys, phase, Watch);
            var waited = Stopwatch.StartNew();
            while (expected.Except(receiver.Delivered.Keys).Any() && waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(100);
            }

            var caughtUp = waited.Elapsed;
            foreach (var (key, id) in hooks)
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/webhooks/{id}") { Content = JsonContent.Create(new { url = receiver.Url, status = "disabled" }) };
                request.Headers.Add(CashmanClaims.ApiKeyHeader, key);
                (await client.SendAsync(request)).EnsureSuccessStatusCode();
            }

            var after = await WriteAsync(client, keys, phase, _ => { });

            var missing = expected.Except(receiver.Delivered.Keys).Count();
            var delays = receiver.Delivered.Values.Select(d => d.Delay.TotalMilliseconds).Order().ToList();
            var times = receiver.Delivered.Values.Select(d => d.At).ToList();
            var span = (times.Max() - times.Min()).TotalSeconds;
            var off = (before.PerSecond + after.PerSecond) / 2;
            Console.WriteLine();
            Console.WriteLine("| phase | writes | writes/s | p50 | p99 | ratio to webhooks off | CPU µs per write: this process + PostgreSQL |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            Row("webhooks off (before)", before, off);
            Row($"{webhooks} webhooks delivering", during, off);
            Row("webhooks off (after, disabled)", after, off);
            Console.WriteLine();
            Console.WriteLine("| deliveries | value |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| changes of the {webhooks} users | {expected.Count:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| delivered (distinct events) | {receiver.Delivered.Count:N0} ({receiver.Requests:N0} requests) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| missing at the end | {missing} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| delay from the write to its delivery: p50 / p99 / max | {delays[delays.Count / 2]:N0} ms / {delays[(int)(delays.Count * 0.99)]:N0} ms / {delays[^1]:N0} ms |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| deliveries per second (first to last) | {receiver.Delivered.Count / span:N0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| caught up after the writes ended | {caughtUp.TotalSeconds:0.0} s |"));
            return missing == 0 ? 0 : 1;
        }
        finally
        {
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    private static void Row(string name, Phase phase, double baseline) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {phase.Writes:N0} | {phase.PerSecond:N0} | {phase.P50:0.0} ms | {phase.P99:0.0} ms | {phase.PerSecond / baseline:0.00} | {phase.ApiCpu.TotalMicroseconds / phase.Writes:N0} + {phase.PostgresCpu.TotalMicroseconds / phase.Writes:N0} |"));

    /// <summary>An API key for every seeded user, stored as <c>POST /auth/api-keys</c> stores one.</summary>
    private static async Task<List<(Guid User, string Key)>> KeysAsync(WebApplicationFactory<Program> api, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT uid FROM seed ORDER BY n", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var users = new List<Guid>();
        while (await reader.ReadAsync())
        {
            users.Add(reader.GetGuid(0));
        }

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
        var keys = users.Select(u => (User: u, Key: SecretGenerator.NewApiKey(u))).ToList();
        db.ApiKeys.AddRange(keys.Select(k => new ApiKey(Guid.CreateVersion7(), k.User, "bench", k.Key[..10], SecretGenerator.Hash(k.Key), DateTimeOffset.UtcNow)));
        await db.SaveChangesAsync();
        return keys;
    }

    /// <summary>A phase's writes, their rate and latency, and the CPU the API process and PostgreSQL used meanwhile.</summary>
    private sealed record Phase(int Writes, double PerSecond, double P50, double P99, TimeSpan ApiCpu, TimeSpan PostgresCpu);

    private static async Task<Phase> WriteAsync(HttpClient client, List<(Guid User, string Key)> keys, TimeSpan length, Action<(string Key, string Id)> written)
    {
        var latencies = new ConcurrentBag<double>();
        var (apiCpu, postgresCpu) = (RecurringBenchmark.CpuOfThisProcess(), RecurringBenchmark.CpuOfPostgres());
        var stopAt = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
        {
            var random = new Random(writer);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var (_, key) = keys[random.Next(keys.Count)];
                using var request = new HttpRequestMessage(HttpMethod.Post, "/expenses")
                {
                    Content = JsonContent.Create(new { description = "Coffee", amount = 1 + random.Next(50), category = "Food" }),
                };
                request.Headers.Add(CashmanClaims.ApiKeyHeader, key);
                var began = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"A write answered {response.StatusCode}.");
                }

                written((key, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
            }
        }));
        var took = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sorted = latencies.Order().ToList();
        return new Phase(
            sorted.Count, sorted.Count / took, sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.99)],
            RecurringBenchmark.CpuOfThisProcess() - apiCpu, RecurringBenchmark.CpuOfPostgres() - postgresCpu);
    }

    /// <summary>A receiver on loopback that answers 204 at once and notes when each event first arrived.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _requests;

        private Receiver(WebApplication app) => _app = app;

        /// <summary>Each delivered transaction (by id): when it arrived, and how long after the write it reports.</summary>
        public ConcurrentDictionary<string, (DateTimeOffset At, TimeSpan Delay)> Delivered { get; } = new();

        public long Requests => Interlocked.Read(ref _requests);

        public string Url { get; private set; } = string.Empty;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var receiver = new Receiver(builder.Build());
            receiver._app.MapPost("/hook", receiver.ReceiveAsync);
            await receiver._app.StartAsync();
            receiver.Url = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hook";
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task ReceiveAsync(HttpContext context)
        {
            var now = DateTimeOffset.UtcNow;
            Interlocked.Increment(ref _requests);
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            var data = body.GetProperty("data");
            if (data.TryGetProperty("transaction", out var transaction))
            {
                // The payload's timestamp is the write's updatedAt, set just before its commit.
                var writtenAt = body.GetProperty("timestamp").GetDateTimeOffset();
                Delivered.TryAdd(transaction.GetProperty("id").GetString()!, (now, now - writtenAt));
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }
}
