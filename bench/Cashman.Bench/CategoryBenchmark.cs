using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Bench;

/// <summary>
/// Renaming a category that N transactions use, then merging it into another, while four writers of the same user keep
/// creating transactions: how long each takes, and what the writers see meanwhile (their latency against a baseline
/// measured in the same run without a rename, and any answer that is not a 201). In process, Production settings.
/// </summary>
internal static class CategoryBenchmark
{
    private const int Writers = 4;

    public static async Task<int> RunAsync(string serverConnectionString, int rows)
    {
        var database = $"cashman_bench_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var api = new AuthCostBenchmark.BenchFactory(connectionString, sessionCheck: true);
            await using (var scope = api.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
            }

            var (client, _) = await DataBenchmark.UserAsync(api, "categories");
            var started = Stopwatch.GetTimestamp();
            for (var loaded = 0; loaded < rows; loaded += 1000)
            {
                var items = Enumerable.Range(loaded, Math.Min(1000, rows - loaded))
                    .Select(i => new { type = "expense", description = $"Market {i}", amount = 1 + (i % 100), category = "Groceries", occurredOn = Day(i) });
                (await client.PostAsJsonAsync("/transactions/batch", new { items })).EnsureSuccessStatusCode();
            }

            var extra = Enumerable.Range(0, 1000).Select(i => new { type = "expense", description = $"Rent {i}", amount = 900, category = "Rent", occurredOn = Day(i) });
            (await client.PostAsJsonAsync("/transactions/batch", new { items = extra })).EnsureSuccessStatusCode();
            var categories = await client.GetFromJsonAsync<JsonElement>("/categories");
            var groceries = Id(categories, "Groceries");
            var rent = Id(categories, "Rent");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded {rows:N0} transactions in one category (and 1,000 in another) through batches in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
            Console.WriteLine();
            Console.WriteLine($"Writers: {Writers} tasks of the same user each POSTing one expense after another into the category concerned; {Environment.ProcessorCount} cores.");
            Console.WriteLine();
            Console.WriteLine("| operation | time | writes during it | writer p50 | writer p99 | writer max | answers other than 201 |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");

            var baseline = await WithWritersAsync(client, groceries, _ => Task.Delay(TimeSpan.FromSeconds(3)));
            Report("none (baseline, 3 s)", baseline);
            var rename = await WithWritersAsync(client, groceries, c => c.PutAsJsonAsync($"/categories/{groceries}", new { name = "Food" }));
            Report(string.Create(CultureInfo.InvariantCulture, $"rename (PUT /categories/{{id}}, {rows:N0}+ rows)"), rename);
            var merge = await WithWritersAsync(client, rent, c => c.PostAsJsonAsync($"/categories/{groceries}/merge", new { intoId = rent }));
            Report(string.Create(CultureInfo.InvariantCulture, $"merge into another (POST /categories/{{id}}/merge, {rows:N0}+ rows)"), merge);

            // Every row ended where it should: all in Rent, none left with the old paths.
            var inRent = await client.GetFromJsonAsync<JsonElement>($"/expenses?categoryId={rent}&pageSize=1");
            var food = await client.GetFromJsonAsync<JsonElement>("/expenses?category=Food&pageSize=1");
            Console.WriteLine();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"After both: {inRent.GetProperty("totalItems").GetInt64():N0} expenses in Rent (expected {rows + 1000 + rename.Writes + merge.Writes + baseline.Writes:N0}), {food.GetProperty("totalItems").GetInt64()} still named Food."));
            return 0;
        }
        finally
        {
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    private static string Day(int i) => new DateOnly(2026, 1, 1).AddDays(i % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Guid Id(JsonElement categories, string path) =>
        categories.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("path").GetString() == path).GetProperty("id").GetGuid();

    /// <summary>Runs <paramref name="operation"/> while the writers write (from half a second before it to its end).</summary>
    private static async Task<Outcome> WithWritersAsync(HttpClient client, Guid category, Func<HttpClient, Task> operation)
    {
        using var stop = new CancellationTokenSource();
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentBag<int>();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync("/expenses", new { description = "during", amount = 1, categoryId = category, occurredOn = "2026-06-01" });
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if ((int)response.StatusCode != 201)
                {
                    failures.Add((int)response.StatusCode);
                }
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var began = Stopwatch.GetTimestamp();
        await operation(client);
        var took = Stopwatch.GetElapsedTime(began);
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var sorted = latencies.Order().ToList();
        return new Outcome(took, sorted.Count - failures.Count, sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.99)], sorted[^1], [.. failures]);
    }

    private static void Report(string name, Outcome outcome) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {outcome.Took.TotalMilliseconds:N0} ms | {outcome.Writes:N0} | {outcome.P50:0.0} ms | {outcome.P99:0.0} ms | {outcome.Max:N0} ms | {(outcome.Failures.Count == 0 ? "none" : string.Join(", ", outcome.Failures.GroupBy(f => f).Select(g => $"{g.Count()} x {g.Key}")))} |"));

    private sealed record Outcome(TimeSpan Took, int Writes, double P50, double P99, double Max, List<int> Failures);
}
