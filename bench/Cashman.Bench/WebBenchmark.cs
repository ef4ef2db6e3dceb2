using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Bench;

/// <summary>
/// The web client at 1,000,000 transactions of the signed-in user (the scale benchmark's data: ten years in USD, EUR and
/// JPY with daily rates, budgets every month of 2025): each page's median against the JSON API requests that carry the
/// same data, measured in the same run, and the dashboard's weight (HTML plus every asset it links).
/// </summary>
internal static partial class WebBenchmark
{
    private const int Warmups = 30;

    public static async Task<int> RunAsync(string serverConnectionString, int size, int samples)
    {
        var database = $"cashman_web_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var factory = new ScaleBenchmark.ScaleFactory(connectionString, new ScaleBenchmark.SqlRecorder());
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Database.MigrateAsync();
            }

            var credentials = new { email = "scale@example.com", password = "scale-password" };
            using var api = factory.CreateClient();
            (await api.PostAsJsonAsync("/auth/register", credentials)).EnsureSuccessStatusCode();
            var login = await (await api.PostAsJsonAsync("/auth/login", credentials)).Content.ReadFromJsonAsync<JsonElement>();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
            var loadTime = await ScaleBenchmark.LoadAsync(connectionString, size);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded {size:N0} transactions of the user (and {size:N0} of three others) in {loadTime.TotalSeconds:0.0} s"));
            var rule = new { template = new { type = "expense", amount = 12.5, description = "Gym", category = "fun" }, rule = "FREQ=MONTHLY;BYMONTHDAY=-1", startsOn = "2025-01-01", autoPost = false };
            (await api.PostAsJsonAsync("/recurring", rule)).EnsureSuccessStatusCode();
            var one = (await api.GetFromJsonAsync<JsonElement>("/expenses?pageSize=1")).GetProperty("items")[0].GetProperty("id").GetString();
            var food = (await api.GetFromJsonAsync<JsonElement>("/categories")).GetProperty("items")[0].GetProperty("id").GetString();

            // A browser: the cookie from the sign-in form, over https as outside Development.
            using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true });
            var form = await browser.GetStringAsync("/app/login");
            using (var signIn = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = credentials.email,
                ["Password"] = credentials.password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value),
            }))
            {
                (await browser.PostAsync(new Uri("/app/login", UriKind.Relative), signIn)).EnsureSuccessStatusCode();
            }

            // This month (in UTC, the user's zone) has no rows: the data ends with 2025, as in bench/scale.sh.
            var now = DateTime.UtcNow;
            var month = new DateOnly(now.Year, now.Month, 1);
            var (first, last, yearStart) = (Day(month), Day(month.AddMonths(1).AddDays(-1)), Day(month.AddMonths(-11)));
            (string Page, string[] Api)[] pages =
            [
                ("/app?month=2025-06", ["/balance?from=2025-06-01&to=2025-06-30", "/balance?from=2024-07-01&to=2025-06-30&groupBy=month", "/budgets/2025-06", "/accounts/balances?at=2025-06-30", "/recurring/due"]),
                ("/app", [$"/balance?from={first}&to={last}", $"/balance?from={yearStart}&to={last}&groupBy=month", $"/budgets/{first[..7]}", "/accounts/balances", "/recurring/due"]),
                ("/app/transactions", ["/transactions", "/accounts?archived=true"]),
                ("/app/transactions?q=bonus&type=income", ["/transactions?q=bonus&type=income", "/accounts?archived=true"]),
                ($"/app/transactions/expense/{one}", [$"/expenses/{one}", "/accounts"]),
                ("/app/transactions/new?type=expense", ["/accounts"]),
                ("/app/accounts", ["/accounts?archived=true", "/settings"]),
                ("/app/budgets?month=2025-06", ["/budgets/2025-06", "/categories"]),
                ($"/app/categories/{food}", [$"/categories/{food}", "/categories"]),
                ("/app/recurring", ["/recurring", "/recurring/due", "/accounts"]),
                ("/app/import", ["/accounts", "/imports/profiles"]),
                ("/app/settings", ["/settings", "/accounts", "/auth/api-keys", "/auth/me"]),
            ];
            for (var i = 0; i < Warmups; i++)
            {
                foreach (var (page, calls) in pages)
                {
                    await TimeAsync(browser, page);
                    foreach (var call in calls)
                    {
                        await TimeAsync(api, call);
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Each page against the JSON requests that carry its data, {samples} sequential samples each, medians in ms (API in process, PostgreSQL on loopback):"));
            Console.WriteLine();
            Console.WriteLine("| page | page median | page p95 | its API requests, sum of medians | ratio | under 100 ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            foreach (var (page, calls) in pages)
            {
                var pageTimes = new List<double>();
                var apiTimes = calls.ToDictionary(c => c, _ => new List<double>());
                for (var i = 0; i < samples; i++)
                {
                    pageTimes.Add(await TimeAsync(browser, page));
                    foreach (var call in calls)
                    {
                        apiTimes[call].Add(await TimeAsync(api, call));
                    }
                }

                var median = ScaleBenchmark.Percentile(pageTimes, 0.5);
                var baseline = apiTimes.Values.Sum(t => ScaleBenchmark.Percentile(t, 0.5));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{Regex.Replace(page, "[0-9a-f]{8}-[0-9a-f-]{27}", "{id}")}` | {median:0.0} | {ScaleBenchmark.Percentile(pageTimes, 0.95):0.0} | {baseline:0.0} ({calls.Length}) | {median / baseline:0.00}× | {(median < 100 ? "yes" : "no")} |"));
            }

            var html = await browser.GetByteArrayAsync("/app?month=2025-06");
            var assets = Asset().Matches(System.Text.Encoding.UTF8.GetString(html)).Select(m => m.Groups[1].Value).Distinct().ToList();
            long assetBytes = 0;
            foreach (var asset in assets)
            {
                assetBytes += (await browser.GetByteArrayAsync(new Uri(WebUtility.HtmlDecode(asset), UriKind.Relative))).Length;
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Dashboard weight: {html.Length / 1024.0:0.0} KiB of HTML + {assetBytes / 1024.0:0.0} KiB in {assets.Count} assets = {(html.Length + assetBytes) / 1024.0:0.0} KiB, uncompressed (target: under 200 KB)."));
            return 0;
        }
        finally
        {
            await BenchDatabase.DropAsync(serverConnectionString, database);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<double> TimeAsync(HttpClient client, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        await response.Content.LoadIntoBufferAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("(?:src|href)=\"(/app/assets/[^\"]+)\"")]
    private static partial Regex Asset();
}
