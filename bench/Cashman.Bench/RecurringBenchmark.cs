using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Cashman.Api.Recurring;
using Cashman.Domain.Recurring;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Bench;

/// <summary>
/// The posting of recurring transactions after downtime, in process with Production settings and the real clock: users
/// with three self-posting rules each (loaded set-based, as the posting service would find them after being stopped),
/// a pass with nothing due, the pass that posts every missed day, and another user's requests meanwhile.
/// </summary>
internal static class RecurringBenchmark
{
    private static readonly string[] Rules = ["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY"];
    private const int Clients = 4;

    /// <summary>How long the other user's requests run into the second catch-up (which then finishes alone).</summary>
    private static readonly TimeSpan LoadWindow = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string serverConnectionString, int users, int days)
    {
        var database = $"cashman_bench_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var api = new AuthCostBenchmark.BenchFactory(connectionString, sessionCheck: true, recurringService: false);
            await using (var scope = api.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
            }

            var (reader, _) = await DataBenchmark.UserAsync(api, "reader");
            for (var i = 0; i < 2; i++)
            {
                var items = Enumerable.Range(0, 1000).Select(n => new { type = "expense", description = $"Row {n}", amount = 1 + (n % 50), occurredOn = "2026-06-01" });
                (await reader.PostAsJsonAsync("/transactions/batch", new { items })).EnsureSuccessStatusCode();
            }

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var startsOn = today.AddDays(-days);
            var started = Stopwatch.GetTimestamp();
            await SeedAsync(connectionString, 2 * users, startsOn);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded twice {users:N0} users with {Rules.Length} self-posting rules each ({string.Join(", ", Rules)}), starting {startsOn:yyyy-MM-dd}, in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s; {Environment.ProcessorCount} cores."));

            Console.WriteLine();
            Console.WriteLine("The search for due rules across users (RecurringPosting), as PostgreSQL plans it:");
            Console.WriteLine();
            foreach (var line in await PlanAsync(connectionString))
            {
                Console.WriteLine($"    {line}");
            }

            var posting = api.Services.GetRequiredService<RecurringPosting>();

            // 1. A pass with nothing due: every rule's next day is tomorrow.
            var idle = new List<double>();
            for (var i = 0; i < 60; i++)
            {
                var began = Stopwatch.GetTimestamp();
                var none = await posting.RunAsync(CancellationToken.None);
                if (i >= 10)
                {
                    idle.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                }

                if (none != 0)
                {
                    throw new InvalidOperationException("A pass with nothing due posted something.");
                }
            }

            idle.Sort();
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"A pass with nothing due ({2 * users * Rules.Length:N0} rules, 50 passes): median {idle[idle.Count / 2]:0.00} ms, p95 {idle[(int)(idle.Count * 0.95)]:0.00} ms (SPEC: under 10 ms)."));

            // 2. Another user's requests: a baseline (after as long again to warm up), then during the catch-up.
            await WithLoadAsync(reader, () => Task.Delay(TimeSpan.FromSeconds(10)));
            var baseline = await WithLoadAsync(reader, () => Task.Delay(TimeSpan.FromSeconds(10)));

            // The service was stopped: every rule's first day is due since startsOn. First the one half alone (how long,
            // how much CPU), then the other half while another user's requests run (what they see meanwhile).
            await BenchDatabase.ExecuteAsync(connectionString, string.Create(CultureInfo.InvariantCulture, $"UPDATE recurring_transactions r SET next_due_at = next_on::timestamp AT TIME ZONE 'UTC' FROM seed s WHERE s.uid = r.user_id AND s.n <= {users}"));
            var (apiCpu, pgCpu) = (CpuOfThisProcess(), CpuOfPostgres());
            var catchUpStarted = Stopwatch.GetTimestamp();
            var posted = await posting.RunAsync(CancellationToken.None);
            var took = Stopwatch.GetElapsedTime(catchUpStarted);
            (apiCpu, pgCpu) = (CpuOfThisProcess() - apiCpu, CpuOfPostgres() - pgCpu);

            await BenchDatabase.ExecuteAsync(connectionString, string.Create(CultureInfo.InvariantCulture, $"UPDATE recurring_transactions r SET next_due_at = next_on::timestamp AT TIME ZONE 'UTC' FROM seed s WHERE s.uid = r.user_id AND s.n > {users}"));
            var postedUnderLoad = 0;
            var catchUp = await WithLoadAsync(reader, async () => postedUnderLoad = await posting.RunAsync(CancellationToken.None), LoadWindow);
            var again = await posting.RunAsync(CancellationToken.None);

            // The same requests again with nothing due, on the same data and the same warm process: the fair baseline.
            var after = await WithLoadAsync(reader, () => Task.Delay(TimeSpan.FromSeconds(10)));

            var perUser = Rules.Sum(r => RecurrenceRule.Parse(r, startsOn).Days(startsOn, null, startsOn, today).Count());
            var (stored, distinct) = await CountAsync(connectionString);
            Console.WriteLine();
            Console.WriteLine("| what | value |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| missed days posted, idle | {posted:N0} (expected {users * perUser:N0}) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| time to post them all, idle | {took.TotalSeconds:0.0} s ({posted / took.TotalSeconds:N0} transactions/s, {users / took.TotalSeconds:N0} users/s) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| CPU meanwhile: API process | {apiCpu.TotalSeconds:0.0} s ({apiCpu.TotalSeconds / took.TotalSeconds / Environment.ProcessorCount:P0} of the machine) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| CPU meanwhile: PostgreSQL | {pgCpu.TotalSeconds:0.0} s ({pgCpu.TotalSeconds / took.TotalSeconds / Environment.ProcessorCount:P0} of the machine) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| missed days posted, the other half, with requests for its first {LoadWindow.TotalSeconds:0} s | {postedUnderLoad:N0} in {catchUp.Took.TotalSeconds:0.0} s (expected {users * perUser:N0}) |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all stored | {stored:N0}, distinct external ids {distinct:N0}; a third pass posted {again} |"));
            Console.WriteLine();
            Console.WriteLine($"Another user's requests, {Clients} clients in turn POST /expenses and GET /transactions?pageSize=20:");
            Console.WriteLine();
            Console.WriteLine("| | requests | p50 | p95 | p99 | p50 ratio | p95 ratio |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            Report("before (10 s, nothing due)", baseline, after);
            Report("while the other half catches up (its first 60 s)", catchUp, after);
            Report("after (10 s, nothing due): the baseline", after, after);
            return 0;
        }
        finally
        {
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    /// <summary>Users as registration makes them, each with the rules, due tomorrow.</summary>
    private static async Task SeedAsync(string connectionString, int users, DateOnly startsOn)
    {
        await BenchDatabase.SeedUsersAsync(connectionString, users, startsOn.AddDays(-1), "rules");
        await BenchDatabase.ExecuteAsync(connectionString, string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO recurring_transactions (id, user_id, kind, account_id, currency, amount, description, rule, starts_on, auto_post,
                                                next_on, next_due_at, version, created_at, updated_at)
                SELECT gen_random_uuid(), uid, 'expense', aid, 'EUR', -(r.i * 5)::numeric(10, 2), 'Rule ' || r.i, r.rule,
                       DATE '{startsOn:yyyy-MM-dd}', true, DATE '{startsOn:yyyy-MM-dd}', now() + interval '1 day', gen_random_uuid(), now(), now()
                FROM seed, unnest(ARRAY['{string.Join("','", Rules)}']) WITH ORDINALITY AS r (rule, i);
            ANALYZE;
            """));
    }

    private static async Task<List<string>> PlanAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "EXPLAIN (ANALYZE, COSTS OFF) SELECT user_id FROM recurring_transactions WHERE next_due_at IS NOT NULL AND next_due_at <= now() ORDER BY next_due_at LIMIT 500",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private static async Task<(long Stored, long Distinct)> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT (user_id, external_id)) FROM transactions WHERE external_id LIKE 'recurring:%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Runs <paramref name="work"/> while the clients send requests (for <paramref name="loadFor"/> at most); their
    /// latencies and how long the work took.
    /// </summary>
    private static async Task<Outcome> WithLoadAsync(HttpClient client, Func<Task> work, TimeSpan? loadFor = null)
    {
        using var stop = new CancellationTokenSource();
        if (loadFor is { } most)
        {
            stop.CancelAfter(most);
        }

        var latencies = new ConcurrentBag<double>();
        var load = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var began = Stopwatch.GetTimestamp();
                using var response = i % 2 == 0
                    ? await client.PostAsJsonAsync("/expenses", new { description = "Coffee", amount = 3.5, occurredOn = "2026-06-02" })
                    : await client.GetAsync("/transactions?pageSize=20");
                response.EnsureSuccessStatusCode();
                latencies.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }
        })).ToList();
        var started = Stopwatch.GetTimestamp();
        await work();
        var took = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        var sorted = latencies.Order().ToList();
        return new Outcome(took, sorted);
    }

    private static void Report(string name, Outcome outcome, Outcome baseline) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {outcome.Latencies.Count:N0} | {outcome.P(0.5):0.0} ms | {outcome.P(0.95):0.0} ms | {outcome.P(0.99):0.0} ms | {outcome.P(0.5) / baseline.P(0.5):0.00} | {outcome.P(0.95) / baseline.P(0.95):0.00} |"));

    internal static TimeSpan CpuOfThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// The CPU time of PostgreSQL's processes, with what the postmaster reaped of ended backends (/proc, Linux). Found by
    /// <c>comm</c>: a backend's command line is its process title, which names no program.
    /// </summary>
    internal static TimeSpan CpuOfPostgres()
    {
        long ticks = 0;
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(process, "comm")).Trim() != "postgres")
                {
                    continue;
                }

                var fields = File.ReadAllText(Path.Combine(process, "stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ticks += fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The process ended meanwhile; the postmaster counts it now.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private sealed record Outcome(TimeSpan Took, List<double> Latencies)
    {
        public double P(double quantile) => Latencies[Math.Min(Latencies.Count - 1, (int)(Latencies.Count * quantile))];
    }
}
