using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Cashman.Bench;

/// <summary>
/// Mixed reads and writes from many clients against a running API for several minutes, with the database restarted
/// half way through. Writers behave like careful clients: one Idempotency-Key per payment, retried with the same key
/// until acknowledged. At the end every acknowledged write is looked up in the database, and duplicates are counted.
/// </summary>
internal static class SoakBenchmark
{
    private const string TransportError = "transport error";

    public static async Task<int> RunAsync(Uri api, string database, TimeSpan duration, int clients, string restartCommand)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = api,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var email = $"soak-{Guid.NewGuid():N}@example.com";
        using (var registered = await http.PostAsJsonAsync("/auth/register", new { email, password = "soak-test-password" }))
        {
            registered.EnsureSuccessStatusCode();
        }

        using (var login = await http.PostAsJsonAsync("/auth/login", new { email, password = "soak-test-password" }))
        {
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var run = new SoakRun(http);
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, clients).Select(i => run.WorkAsync(i, stop.Token)).ToList();

        await Task.Delay(duration / 2);
        var downAt = run.Clock.Elapsed;
        Console.WriteLine($"[soak] {downAt.TotalSeconds:0.0} s: restarting PostgreSQL ({restartCommand})");
        using (var restart = Process.Start(new ProcessStartInfo("bash", ["-c", restartCommand]))!)
        {
            await restart.WaitForExitAsync();
            if (restart.ExitCode != 0)
            {
                Console.Error.WriteLine($"[soak] the restart command failed with exit code {restart.ExitCode}");
                return 1;
            }
        }

        var upAt = run.Clock.Elapsed;
        Console.WriteLine($"[soak] {upAt.TotalSeconds:0.0} s: PostgreSQL is back");
        await Task.Delay(duration / 2 - (upAt - downAt) > TimeSpan.Zero ? duration / 2 - (upAt - downAt) : TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var (found, duplicated) = await VerifyAsync(database, run.Acknowledged);
        var outcomes = run.Outcomes.ToList();
        var firstSuccessAfterUp = outcomes.Where(o => o.SentAt >= upAt && o.Success).Select(o => (TimeSpan?)o.AnsweredAt).Min();
        var failures = outcomes.Where(o => !o.Success && o.Status != "412").ToList();
        var slowest503 = outcomes.Where(o => o.Status == "503").Select(o => o.AnsweredAt - o.SentAt).DefaultIfEmpty().Max();

        Console.WriteLine();
        Console.WriteLine($"| measure | value |");
        Console.WriteLine($"|---|---|");
        Console.WriteLine($"| duration, clients | {run.Clock.Elapsed.TotalSeconds:0} s, {clients} |");
        Console.WriteLine($"| requests sent | {outcomes.Count} |");
        Console.WriteLine($"| statuses | {string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"))} |");
        Console.WriteLine($"| database down (restart command) | {downAt.TotalSeconds:0.0} s to {upAt.TotalSeconds:0.0} s ({(upAt - downAt).TotalSeconds:0.0} s) |");
        Console.WriteLine($"| failed requests (not 2xx or 412) | {failures.Count}, sent between {failures.Select(o => o.SentAt.TotalSeconds).DefaultIfEmpty().Min():0.0} s and {failures.Select(o => o.SentAt.TotalSeconds).DefaultIfEmpty().Max():0.0} s |");
        Console.WriteLine($"| slowest 503 | {slowest503.TotalSeconds:0.00} s |");
        Console.WriteLine($"| first success after the database returned | {(firstSuccessAfterUp - upAt)?.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) ?? "never"} s |");
        Console.WriteLine($"| acknowledged writes (201) | {run.Acknowledged.Count} |");
        Console.WriteLine($"| acknowledged writes found in the database | {found} |");
        Console.WriteLine($"| payments stored more than once | {duplicated} |");
        Console.WriteLine($"| 500s | {outcomes.Count(o => o.Status == "500")} |");

        var ok = found == run.Acknowledged.Count && duplicated == 0 && outcomes.All(o => o.Status != "500") && firstSuccessAfterUp is not null;
        Console.WriteLine(ok ? "[soak] PASS: every acknowledged write is stored once, no 500s, recovered by itself" : "[soak] FAIL");
        return ok ? 0 : 1;
    }

    private static async Task<(int Found, int Duplicated)> VerifyAsync(string database, ConcurrentDictionary<string, (string Kind, Guid Id)> acknowledged)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, description FROM transactions", connection);
        var ids = new HashSet<Guid>();
        var perKey = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
            var key = reader.GetString(1);
            perKey[key] = perKey.GetValueOrDefault(key) + 1;
        }

        return (acknowledged.Values.Count(a => ids.Contains(a.Id)), perKey.Values.Count(n => n > 1));
    }

    private sealed record Outcome(string Status, TimeSpan SentAt, TimeSpan AnsweredAt)
    {
        public bool Success => Status.StartsWith('2');
    }

    private sealed class SoakRun(HttpClient http)
    {
        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public ConcurrentQueue<Outcome> Outcomes { get; } = new();

        public ConcurrentDictionary<string, (string Kind, Guid Id)> Acknowledged { get; } = new(StringComparer.Ordinal);

        public async Task WorkAsync(int worker, CancellationToken stop)
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                var dice = random.Next(100);
                if (dice < 40)
                {
                    await WriteAsync(random, stop);
                }
                else if (dice < 55 && !Acknowledged.IsEmpty)
                {
                    await UpdateAsync(random);
                }
                else if (dice < 90)
                {
                    await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/transactions?pageSize=20&sort={(random.Next(2) == 0 ? "-amount" : "occurredOn")}"));
                }
                else
                {
                    await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/balance?groupBy=month"));
                }
            }
        }

        /// <summary>A new payment, retried with its key until acknowledged (or the run ends).</summary>
        private async Task WriteAsync(Random random, CancellationToken stop)
        {
            var key = Guid.NewGuid().ToString();
            var body = new
            {
                description = key,
                amount = Math.Round((decimal)random.NextDouble() * 500 + 0.01m, 2),
                occurredOn = new DateOnly(2026, 1, 1).AddDays(random.Next(365)),
            };
            var kind = random.Next(2) == 0 ? "incomes" : "expenses";
            while (!stop.IsCancellationRequested)
            {
                var (status, response) = await SendAsync(() =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, $"/{kind}") { Content = JsonContent.Create(body) };
                    request.Headers.Add("Idempotency-Key", key);
                    return request;
                });
                using (response)
                {
                    if (status == "201")
                    {
                        var created = await response!.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                        Acknowledged[key] = (kind, created.GetProperty("id").GetGuid());
                        return;
                    }
                }

                await Task.Delay(250, CancellationToken.None);
            }
        }

        /// <summary>Read, then replace the amount with If-Match (a 412 means another client got there first).</summary>
        private async Task UpdateAsync(Random random)
        {
            var (key, (kind, id)) = Acknowledged.ElementAt(random.Next(Acknowledged.Count));
            var (status, read) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/{kind}/{id}"));
            using (read)
            {
                if (status == "200")
                {
                    await PutAsync(kind, id, key, read!.Headers.ETag!.Tag, random);
                }
            }
        }

        private async Task PutAsync(string kind, Guid id, string key, string etag, Random random)
        {
            var (_, response) = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"/{kind}/{id}")
                {
                    Content = JsonContent.Create(new { description = key, amount = Math.Round((decimal)random.NextDouble() * 500 + 0.01m, 2) }),
                };
                request.Headers.TryAddWithoutValidation("If-Match", etag);
                return request;
            });
            response?.Dispose();
        }

        private async Task<(string Status, HttpResponseMessage? Response)> SendAsync(Func<HttpRequestMessage> create)
        {
            var sentAt = Clock.Elapsed;
            using var request = create();
            try
            {
                var response = await http.SendAsync(request);
                var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                Outcomes.Enqueue(new Outcome(status, sentAt, Clock.Elapsed));
                return (status, response);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Outcomes.Enqueue(new Outcome(TransportError, sentAt, Clock.Elapsed));
                return (TransportError, null);
            }
        }
    }
}
