using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Bench;

/// <summary>
/// Latency of lists and balances as one user's history grows. For each N, one user gets N transactions over ten years
/// in three currencies (USD, EUR, JPY, with daily ECB-style rates) and three other users N in all, loaded set-based straight into PostgreSQL (not N HTTP calls); then the API, hosted in
/// process, answers each request kind many times and the median and p95 are reported, with the growth from the
/// smallest N to the largest. The SQL behind each request is captured and its plan printed with EXPLAIN ANALYZE.
/// </summary>
internal static class ScaleBenchmark
{
    private static readonly (string Name, string Path)[] Requests =
    [
        ("list: GET /incomes (first page)", "/incomes"),
        ("list: GET /transactions (first page)", "/transactions"),
        ("filtered: GET /incomes?from=2026-01-01&to=2026-01-31", "/incomes?from=2026-01-01&to=2026-01-31"),
        ("filtered: GET /expenses?minAmount=900", "/expenses?minAmount=900"),
        ("filtered: GET /expenses?category=food", "/expenses?category=food"),
        ("filtered: GET /incomes?q=bonus", "/incomes?q=bonus"),
        ("sorted: GET /expenses?sort=-amount", "/expenses?sort=-amount"),
        ("balance: GET /balance", "/balance"),
        ("balance: GET /balance?from=2026-01-01&to=2026-12-31", "/balance?from=2026-01-01&to=2026-12-31"),
        ("balance: GET /balance?groupBy=month", "/balance?groupBy=month"),
        ("money: GET /balance?currency=EUR", "/balance?currency=EUR"),
        ("money: GET /balance?currency=EUR&groupBy=month", "/balance?currency=EUR&groupBy=month"),
        ("money: GET /accounts/balances", "/accounts/balances?currency=EUR"),
        ("categories: GET /categories", "/categories"),
        ("categories: GET /balance?groupBy=category", "/balance?groupBy=category"),
        ("categories: GET /budgets/2025-06 (rollover from January)", "/budgets/2025-06"),
        (AfterAWrite, "/balance?groupBy=category"),
    ];

    /// <summary>Measured with an expense in the euro account written (not timed) before each sample: one month to work out again.</summary>
    private const string AfterAWrite = "categories: GET /balance?groupBy=category after a write";

    /// <summary>
    /// Rounds of every request sent before measuring any: enough for the tiered JIT to have optimised what they run (a
    /// method is recompiled after 30 calls, through an instrumented tier), as on a server in steady use. With 5 calls of
    /// each path just before its own samples, the heavier answers were measured on unoptimised and instrumented code.
    /// </summary>
    private const int Warmups = 50;

    /// <summary>Measures the requests whose name contains <paramref name="only"/> (every request when null).</summary>
    public static async Task<int> RunAsync(string serverConnectionString, int[] sizes, int samples, string? only)
    {
        var requests = Requests.Where(r => only is null || r.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToArray();
        var results = new Dictionary<(string, int), (double Median, double P95)>();
        var plans = new StringBuilder();
        foreach (var size in sizes)
        {
            var database = $"cashman_scale_{size}_{Guid.NewGuid():N}";
            var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
            var recorder = new SqlRecorder();
            try
            {
                await using var factory = new ScaleFactory(connectionString, recorder);
                await using (var scope = factory.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
                }

                using var client = factory.CreateClient();
                var credentials = new { email = "scale@example.com", password = "scale-password" };
                (await client.PostAsJsonAsync("/auth/register", credentials)).EnsureSuccessStatusCode();
                var login = await (await client.PostAsJsonAsync("/auth/login", credentials)).Content.ReadFromJsonAsync<JsonElement>();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());

                var loadTime = await LoadAsync(connectionString, size);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"N = {size:N0}: loaded {size * 2:N0} rows in {loadTime.TotalSeconds:0.0} s"));

                // The first call of each request: nothing compiled yet, and nothing kept for category reports.
                var firstCalls = new List<string>();
                foreach (var (name, path) in requests)
                {
                    var started = Stopwatch.GetTimestamp();
                    (await client.GetAsync(new Uri(path, UriKind.Relative))).EnsureSuccessStatusCode();
                    firstCalls.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0} ms"));
                }

                Console.WriteLine($"First calls at N = {size:N0}: {string.Join("; ", firstCalls)}");
                var euro = (await client.GetFromJsonAsync<JsonElement>("/accounts")).GetProperty("items").EnumerateArray()
                    .Single(a => a.GetProperty("currency").GetString() == "EUR").GetProperty("id").GetString();

                for (var i = 0; i < Warmups; i++)
                {
                    foreach (var (_, path) in requests)
                    {
                        (await client.GetAsync(new Uri(path, UriKind.Relative))).EnsureSuccessStatusCode();
                    }
                }

                foreach (var (name, path) in requests)
                {
                    var times = new List<double>(samples);
                    for (var i = 0; i < samples; i++)
                    {
                        if (name == AfterAWrite)
                        {
                            var write = new { description = "bench", amount = 1, category = "food", accountId = euro, occurredOn = new DateOnly(2016 + (i % 10), 1 + (i % 12), 15) };
                            (await client.PostAsJsonAsync("/expenses", write)).EnsureSuccessStatusCode();
                        }

                        var started = Stopwatch.GetTimestamp();
                        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                        response.EnsureSuccessStatusCode();
                        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    results[(name, size)] = (Percentile(times, 0.5), Percentile(times, 0.95));
                    if (size == sizes[^1])
                    {
                        recorder.Start();
                        (await client.GetAsync(new Uri(path, UriKind.Relative))).EnsureSuccessStatusCode();
                        plans.AppendLine(CultureInfo.InvariantCulture, $"### {name} (N = {size:N0})").AppendLine("```");
                        foreach (var command in recorder.Stop().Where(c => !c.Text.Contains("FROM sessions", StringComparison.Ordinal)))
                        {
                            plans.AppendLine(await ExplainAsync(connectionString, command)).AppendLine();
                        }

                        plans.AppendLine("```");
                    }
                }
            }
            finally
            {
                await BenchDatabase.DropAsync(serverConnectionString, database);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Latency in ms ({samples} sequential requests each, API in process on PostgreSQL over loopback)");
        Console.WriteLine();
        var header = string.Join(" | ", sizes.Select(s => string.Create(CultureInfo.InvariantCulture, $"N={s:N0} median | N={s:N0} p95")));
        Console.WriteLine($"| request | {header} | growth (median) |");
        Console.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|---:|", sizes.Length))}---:|");
        foreach (var (name, _) in requests)
        {
            var cells = string.Join(" | ", sizes.Select(s => string.Create(CultureInfo.InvariantCulture, $"{results[(name, s)].Median:0.00} | {results[(name, s)].P95:0.00}")));
            var growth = results[(name, sizes[^1])].Median / results[(name, sizes[0])].Median;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {cells} | {growth:0.00}x |"));
        }

        Console.WriteLine();
        Console.WriteLine("Query plans at the largest N:");
        Console.WriteLine();
        Console.WriteLine(plans);
        return 0;
    }

    /// <summary>One user (the benchmark's) gets <paramref name="size"/> rows; three others share as many more.</summary>
    internal static async Task<TimeSpan> LoadAsync(string connectionString, int size)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The benchmark's user keeps its money in three accounts, USD (its default), EUR and JPY, over ten years; every
        // business day has ECB-style rates for USD and JPY (1 EUR = value). The other users have one USD account each.
        var sql = $"""
            INSERT INTO users (id, email, normalized_email, password_hash, created_at)
            SELECT gen_random_uuid(), 'other' || g || '@example.com', 'OTHER' || g || '@EXAMPLE.COM', '', now()
            FROM generate_series(1, 3) g;
            INSERT INTO accounts (id, user_id, name, normalized_name, kind, currency, opening_balance, opening_date, archived, created_at, updated_at)
            SELECT gen_random_uuid(), u.id, 'Main', 'MAIN', 'checking', 'USD', 0, DATE '2016-01-01', false, now(), now()
            FROM users u WHERE u.email <> 'scale@example.com';
            INSERT INTO user_settings (user_id, base_currency, time_zone, default_account_id, updated_at)
            SELECT a.user_id, 'USD', 'UTC', a.id, now() FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM user_settings s WHERE s.user_id = a.user_id);
            INSERT INTO accounts (id, user_id, name, normalized_name, kind, currency, opening_balance, opening_date, archived, created_at, updated_at)
            SELECT gen_random_uuid(), u.id, c.name, upper(c.name), 'checking', c.currency, 0, DATE '2016-01-01', false, now(), now()
            FROM users u, (VALUES ('Euro', 'EUR'), ('Yen', 'JPY')) AS c (name, currency) WHERE u.email = 'scale@example.com';

            INSERT INTO shared_rates (day, base, quote, rate)
            SELECT d::date, 'EUR', c.quote, round((c.level + c.swing * sin(extract(epoch FROM d) / 8e6))::numeric, c.digits)
            FROM generate_series(DATE '2015-12-01', DATE '2027-01-31', INTERVAL '1 day') d,
                 (VALUES ('USD', 1.10, 0.08, 4), ('JPY', 140.0, 15.0, 2)) AS c (quote, level, swing, digits)
            WHERE extract(isodow FROM d) < 6;

            -- Four categories each (in name order: food, fun, home, work; one row in five has none); the benchmark's user
            -- budgets each of them every month of 2025 (its rows end with 2025), rolling over what is left.
            INSERT INTO categories (id, user_id, parent_id, name, path, rollover, created_at, updated_at)
            SELECT gen_random_uuid(), u.id, NULL, c.name, c.name, 'surplus', now(), now()
            FROM users u, (VALUES ('food'), ('fun'), ('home'), ('work')) AS c (name);
            INSERT INTO budgets (user_id, month, category_id, amount, updated_at)
            SELECT c.user_id, m::date, c.id, 50000, now()
            FROM categories c JOIN users u ON u.id = c.user_id AND u.email = 'scale@example.com',
                 generate_series(DATE '2025-01-01', DATE '2025-12-01', INTERVAL '1 month') m;

            -- Set-based load with the per-row trigger off; the kept totals are recomputed once at the end.
            ALTER TABLE transactions DISABLE TRIGGER trg_transactions_track_changes;
            WITH owners AS (
                SELECT u.id, u.email = 'scale@example.com' AS main,
                       array_agg(a.id ORDER BY a.currency DESC) AS accounts, array_agg(a.currency ORDER BY a.currency DESC) AS currencies,
                       (SELECT array_agg(c.id ORDER BY c.name) FROM categories c WHERE c.user_id = u.id) AS categories
                FROM users u JOIN accounts a ON a.user_id = u.id GROUP BY u.id, u.email
            ), rows AS (
                SELECT o.id AS user_id, g, o.accounts[1 + (g % cardinality(o.accounts))::int] AS account_id,
                       o.currencies[1 + (g % cardinality(o.accounts))::int] AS currency,
                       (ARRAY['work', 'food', 'home', 'fun', NULL])[(1 + g % 5)::int] AS category, o.categories
                FROM owners o
                CROSS JOIN LATERAL generate_series(1::bigint, CASE WHEN o.main THEN {size} ELSE {size} / 3 END) g
            )
            INSERT INTO transactions (id, user_id, type, account_id, currency, description, amount, category, category_id, occurred_on, created_at, updated_at)
            SELECT gen_random_uuid(),
                   r.user_id,
                   CASE WHEN g % 2 = 0 THEN 'income' ELSE 'expense' END,
                   r.account_id,
                   r.currency,
                   (ARRAY['Salary', 'pizza', 'Groceries', 'Rent', 'Dividends', 'Bonus', 'Rock Concert', 'Fuel'])[(1 + g % 8)::int] || ' #' || g,
                   CASE WHEN g % 2 = 0 THEN 1 ELSE -1 END
                       * CASE WHEN r.currency = 'JPY' THEN round(100 + (g * 7919 % 100000)) ELSE 1 + (g * 7919 % 100000) / 100.0 END,
                   r.category,
                   r.categories[array_position(ARRAY['food', 'fun', 'home', 'work'], r.category)],
                   DATE '2016-01-01' + (g * 37 % 3653)::int,
                   TIMESTAMPTZ '2016-01-01' + g * INTERVAL '1 second',
                   TIMESTAMPTZ '2016-01-01' + g * INTERVAL '1 second'
            FROM rows r;
            ALTER TABLE transactions ENABLE TRIGGER trg_transactions_track_changes;

            TRUNCATE user_totals;
            INSERT INTO user_totals (user_id, income_count, expense_count, transfer_count)
            SELECT user_id, count(*) FILTER (WHERE type = 'income'), count(*) FILTER (WHERE type = 'expense'), 0
            FROM transactions GROUP BY user_id;

            TRUNCATE account_day_totals;
            INSERT INTO account_day_totals (user_id, account_id, day, income_count, expense_count, transfer_count, total_income, total_expenses, transfers_total)
            SELECT user_id, account_id, occurred_on,
                   count(*) FILTER (WHERE type = 'income'), count(*) FILTER (WHERE type = 'expense'), 0,
                   coalesce(sum(amount) FILTER (WHERE type = 'income'), 0), coalesce(sum(amount) FILTER (WHERE type = 'expense'), 0), 0
            FROM transactions GROUP BY 1, 2, 3;
            INSERT INTO category_day_totals (user_id, day, category_id, account_id, income_count, expense_count, total_income, total_expenses)
            SELECT user_id, occurred_on, coalesce(category_id, '00000000-0000-0000-0000-000000000000'), account_id,
                   count(*) FILTER (WHERE type = 'income'), count(*) FILTER (WHERE type = 'expense'),
                   coalesce(sum(amount) FILTER (WHERE type = 'income'), 0), coalesce(sum(amount) FILTER (WHERE type = 'expense'), 0)
            FROM transactions GROUP BY 1, 2, 3, 4;
            UPDATE accounts a SET transactions_total = s.total, transaction_count = s.count
            FROM (SELECT user_id, account_id, sum(amount) AS total, count(*) AS count FROM transactions GROUP BY 1, 2) s
            WHERE a.user_id = s.user_id AND a.id = s.account_id;
            """;
        await using (var load = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 })
        {
            await load.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<string> ExplainAsync(string connectionString, RecordedCommand command)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + command.Text, connection);
        foreach (var parameter in command.Parameters)
        {
            explain.Parameters.Add(parameter);
        }

        var lines = new List<string> { command.Text, "--" };
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join(Environment.NewLine, lines);
    }

    internal static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(percentile * (sorted.Count - 1)))];
    }

    internal sealed record RecordedCommand(string Text, List<NpgsqlParameter> Parameters);

    /// <summary>Captures the SQL EF Core sends while recording, with copies of its parameters, for EXPLAIN.</summary>
    internal sealed class SqlRecorder : DbCommandInterceptor
    {
        private readonly List<RecordedCommand> _commands = [];
        private volatile bool _recording;

        public void Start()
        {
            lock (_commands)
            {
                _commands.Clear();
            }

            _recording = true;
        }

        public List<RecordedCommand> Stop()
        {
            _recording = false;
            lock (_commands)
            {
                return [.. _commands];
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (_recording && command is NpgsqlCommand npgsql)
            {
                var parameters = npgsql.Parameters.Select(p => p.Clone()).ToList();
                lock (_commands)
                {
                    _commands.Add(new RecordedCommand(npgsql.CommandText, parameters));
                }
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    internal sealed class ScaleFactory(string connectionString, SqlRecorder recorder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Cashman", connectionString);
            builder.UseSetting("Jwt:SigningKey", "benchmark-signing-key-0123456789abcdefghijkl");
            builder.UseSetting("RateLimiting:PerUserPerMinute", "1000000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<CashmanDbContext>(options => options.AddInterceptors(recorder)));
        }
    }
}
