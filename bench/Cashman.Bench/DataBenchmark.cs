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
/// against PostgreSQL's own COPY of the same rows into the same table (triggers included); an export of M rows as
/// CSV against COPY (SELECT ...) TO STDOUT of the same rows, with the process's memory growth while it streams.
/// </summary>
internal static class DataBenchmark
{
    public static async Task<int> RunAsync(string serverConnectionString, int importRows, int exportRows)
    {
        var database = $"cashman_bench_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        await using var api = new AuthCostBenchmark.BenchFactory(connectionString, sessionCheck: true);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
        }

        Console.WriteLine($"Data in and out (in process, Production settings, one run; {Environment.ProcessorCount} cores)");
        Console.WriteLine();
        Console.WriteLine("| measure | Cashman | baseline | ratio | target |");
        Console.WriteLine("|---|---|---|---|---|");

        // 1. A batch of 1,000 against 1,000 single POSTs of the same items.
        var (singles, singlesUser) = await UserAsync(api, "singles");
        var (batches, _) = await UserAsync(api, "batch");
        var items = Enumerable.Range(0, 1000).Select(i => new { type = "expense", description = $"Item {i}", amount = 1 + (i % 100), externalId = $"b-{i}" }).ToArray();
        var started = Stopwatch.GetTimestamp();
        foreach (var item in items)
        {
            (await singles.PostAsJsonAsync("/expenses", new { item.description, item.amount, item.externalId })).EnsureSuccessStatusCode();
        }

        var singlesTime = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        (await batches.PostAsJsonAsync("/transactions/batch", new { items })).EnsureSuccessStatusCode();
        var batchTime = Stopwatch.GetElapsedTime(started);
        Row("1,000 items: one batch vs 1,000 single POSTs", batchTime, singlesTime, "≥ 20× faster", faster: true);

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
        started = Stopwatch.GetTimestamp();
        using (var imported = await importer.PostAsync("/imports", new StringContent(file, Encoding.UTF8, "text/csv")))
        {
            imported.EnsureSuccessStatusCode();
        }

        var importTime = Stopwatch.GetElapsedTime(started);
        var copyTime = await CopyInAsync(connectionString, copyUser, importRows);
        Row($"{importRows:N0} rows in: POST /imports vs COPY FROM STDIN (triggers on)", importTime, copyTime, "≥ 25 % of COPY's speed", faster: true);

        // 4. Export M rows as CSV against COPY TO STDOUT of the same rows, and memory while it streams.
        var (exporter, exportUser) = await UserAsync(api, "export");
        await LoadAsync(connectionString, exportUser, exportRows);
        var copyOut = await CopyOutAsync(connectionString, exportUser);
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peak = before;
        using var sampler = new Timer(_ =>
        {
            using var p = Process.GetCurrentProcess();
            peak = Math.Max(peak, p.WorkingSet64);
        }, null, 0, 20);
        started = Stopwatch.GetTimestamp();
        long bytes;
        using (var response = await exporter.GetAsync("/transactions/export?format=csv", HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            bytes = await DrainAsync(stream);
        }

        var exportTime = Stopwatch.GetElapsedTime(started);
        Row($"{exportRows:N0} rows out as CSV: export vs COPY (SELECT ...) TO STDOUT", exportTime, copyOut, "≥ 50 % of COPY's speed", faster: true);
        Console.WriteLine();
        Console.WriteLine($"Export: {bytes / 1024.0 / 1024.0:0.0} MB of CSV; the process's working set grew by {(peak - before) / 1024.0 / 1024.0:0.0} MB (target < 50 MB; client and server share this process).");
        return 0;
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

    private static async Task<(HttpClient Client, Guid User)> UserAsync(AuthCostBenchmark.BenchFactory api, string name)
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

    /// <summary>Set-based load with the trigger off (the totals do not matter to an export).</summary>
    private static async Task LoadAsync(string connectionString, Guid user, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            ALTER TABLE transactions DISABLE TRIGGER trg_transactions_track_changes;
            INSERT INTO transactions (id, user_id, type, description, amount, category, occurred_on, created_at, updated_at, change_seq)
            SELECT gen_random_uuid(), '{user}', CASE WHEN g % 2 = 0 THEN 'income' ELSE 'expense' END, 'Row number ' || g,
                   CASE WHEN g % 2 = 0 THEN 1 ELSE -1 END * (1 + (g % 100000) / 100.0), 'cat' || (g % 10),
                   DATE '2016-01-01' + (g % 4000)::int, TIMESTAMPTZ '2016-01-01' + g * INTERVAL '1 second',
                   TIMESTAMPTZ '2016-01-01' + g * INTERVAL '1 second', g
            FROM generate_series(1, {rows}) g;
            ALTER TABLE transactions ENABLE TRIGGER trg_transactions_track_changes;
            VACUUM ANALYZE transactions;
            """,
            connection)
        { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<TimeSpan> CopyOutAsync(string connectionString, Guid user)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = Stopwatch.GetTimestamp();
        using var reader = await connection.BeginTextExportAsync(
            $"COPY (SELECT id, type, occurred_on, description, amount, category, external_id, created_at, updated_at FROM transactions WHERE user_id = '{user}' ORDER BY occurred_on, created_at, id) TO STDOUT (FORMAT csv, HEADER)");
        var buffer = new char[65536];
        while (await reader.ReadAsync(buffer) > 0)
        {
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<long> DrainAsync(Stream stream)
    {
        var buffer = new byte[65536];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
