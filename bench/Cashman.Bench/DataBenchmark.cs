using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Bench;

/// <summary>
/// Data in and out, each against its baseline in the same run (in process, TestServer, Production settings):
/// a batch of 1,000 against 1,000 single POSTs; a feed page of 100 against a list page of 100; an import of N rows
/// against PostgreSQL's own COPY of the same rows into the same table (triggers included). The export is measured on the
/// API as a process, by <c>bench/export.sh</c>.
/// </summary>
internal static class DataBenchmark
{
    public static async Task<int> RunAsync(string serverConnectionString, int importRows)
    {
        var database = $"cashman_bench_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        var direct = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString;
        await using var api = new AuthCostBenchmark.BenchFactory(connectionString, sessionCheck: true);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
        }

        Console.WriteLine($"Data in and out (in process, Production settings, one run; {Environment.ProcessorCount} cores)");
        Console.WriteLine();
        Console.WriteLine("| measure | Cashman | baseline | ratio | target |");
        Console.WriteLine("|---|---|---|---|---|");

        await InAsync(api, direct, importRows);

        return 0;
    }

    /// <summary>Batch vs single POSTs, feed page vs list page, import vs COPY FROM STDIN.</summary>
    private static async Task InAsync(AuthCostBenchmark.BenchFactory api, string direct, int importRows)
    {
        // 1. A batch of 1,000 against 1,000 single POSTs of the same items: a warm-up of each, then the median of three
        //    rounds, each on fresh users so that every item is new.
        var items = Enumerable.Range(0, 1000).Select(i => new { type = "expense", description = $"Item {i}", amount = 1 + (i % 100), externalId = $"b-{i}" }).ToArray();
        var singleTimes = new List<TimeSpan>();
        var batchTimes = new List<TimeSpan>();
        HttpClient singles = null!;
        for (var round = 0; round <= 3; round++)
        {
            (singles, _) = await UserAsync(api, $"singles{round}");
            var (batches, _) = await UserAsync(api, $"batch{round}");
            var roundStart = Stopwatch.GetTimestamp();
            foreach (var item in round == 0 ? items[..100] : items)
            {
                (await singles.PostAsJsonAsync("/expenses", new { item.description, item.amount, item.externalId })).EnsureSuccessStatusCode();
            }

            var singlesTime = Stopwatch.GetElapsedTime(roundStart);
            roundStart = Stopwatch.GetTimestamp();
            (await batches.PostAsJsonAsync("/transactions/batch", new { items })).EnsureSuccessStatusCode();
            var batchTime = Stopwatch.GetElapsedTime(roundStart);
            if (round > 0)
            {
                singleTimes.Add(singlesTime);
                batchTimes.Add(batchTime);
            }
        }

        Row("1,000 items: one batch vs 1,000 single POSTs (median of 3)", Median(batchTimes), Median(singleTimes), "≥ 20× faster", faster: true);

        // 2. A feed page of 100 against a list page of 100 (the singles user has 1,000 rows).
        var feed = await MedianAsync(singles, "/changes?limit=100", 300);
        var list = await MedianAsync(singles, "/transactions?pageSize=100", 300);
        Row("a page of 100: GET /changes vs GET /transactions", feed, list, "< 3× the list", faster: false);

        // 3. Import N rows against COPY of the same rows (another user, same table, triggers on).
        var (importer, _) = await UserAsync(api, "import");
        var (_, copyUser) = await UserAsync(api, "copy");
        var csv = new StringBuilder("occurredOn,description,amount,category,externalId\n");
        for (var i = 0; i < importRows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{new DateOnly(2020, 1, 1).AddDays(i % 2000):yyyy-MM-dd},Row {i},{(i % 2 == 0 ? 1 : -1) * (1 + (i % 5000) / 100m):0.00},cat{i % 10},imp-{i}\n");
        }

        var file = csv.ToString();
        var started = Stopwatch.GetTimestamp();
        using (var imported = await importer.PostAsync("/imports", new StringContent(file, Encoding.UTF8, "text/csv")))
        {
            imported.EnsureSuccessStatusCode();
        }

        var importTime = Stopwatch.GetElapsedTime(started);
        var copyTime = await CopyInAsync(direct, copyUser, importRows);
        Row($"{importRows:N0} rows in: POST /imports vs COPY FROM STDIN (triggers on)", importTime, copyTime, "≥ 25 % of COPY's speed", faster: true);
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }

    private static void Row(string name, TimeSpan cashman, TimeSpan baseline, string target, bool faster)
    {
        var ratio = faster ? baseline / cashman : cashman / baseline;
        var shown = faster ? $"{ratio:0.00}× ({(cashman <= baseline ? "faster" : "of baseline speed: " + (baseline / cashman).ToString("P0", CultureInfo.InvariantCulture))})" : $"{ratio:0.00}×";
        Console.WriteLine($"| {name} | {Ms(cashman)} | {Ms(baseline)} | {shown} | {target} |");
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds < 10
        ? $"{time.TotalMilliseconds:0.000} ms"
        : $"{time.TotalMilliseconds:N0} ms";

    internal static async Task<(HttpClient Client, Guid User)> UserAsync(AuthCostBenchmark.BenchFactory api, string name)
    {
        using var anonymous = api.CreateClient();
        var credentials = new { email = $"{name}@example.com", password = "bench-password" };
        (await anonymous.PostAsJsonAsync("/auth/register", credentials)).EnsureSuccessStatusCode();
        var login = await (await anonymous.PostAsJsonAsync("/auth/login", credentials)).Content.ReadFromJsonAsync<JsonElement>();
        var client = api.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(30);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/auth/me");
        return (client, me.GetProperty("id").GetGuid());
    }

    private static async Task<TimeSpan> MedianAsync(HttpClient client, string path, int samples)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < samples + 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 20)
            {
                times.Add(Stopwatch.GetElapsedTime(started));
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static async Task<TimeSpan> CopyInAsync(string connectionString, Guid user, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var writer = await connection.BeginTextImportAsync(
            "COPY transactions (id, user_id, type, description, amount, category, occurred_on, external_id, created_at, updated_at) FROM STDIN (FORMAT csv)"))
        {
            for (var i = 0; i < rows; i++)
            {
                var amount = (i % 2 == 0 ? 1 : -1) * (1 + (i % 5000) / 100m);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{Guid.CreateVersion7()},{user},{(amount > 0 ? "income" : "expense")},Row {i},{amount:0.00},cat{i % 10},{new DateOnly(2020, 1, 1).AddDays(i % 2000):yyyy-MM-dd},imp-{i},2026-01-01T00:00:00Z,2026-01-01T00:00:00Z\n"));
            }
        }

        await transaction.CommitAsync();
        return Stopwatch.GetElapsedTime(started);
    }

}
