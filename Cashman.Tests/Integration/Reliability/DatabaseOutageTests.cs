using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Npgsql;

namespace Cashman.Tests.Integration.Reliability;

/// <summary>
/// The API on a connection it does not own: requests go to PostgreSQL through a <see cref="TcpProxy"/> the test cuts and
/// restores, or its server connections are terminated from the outside. Outages must be 503 problems, never 500s or
/// hangs, the API must come back by itself, and every write it acknowledged must be in the database.
/// </summary>
// Alone: it cuts the database and times the answers on the real clock.
[NonParallelizable]
public sealed class DatabaseOutageTests : IntegrationTest
{
    private const string ApplicationName = "cashman-outage-tests";

    /// <summary>Generous against the ~2.5 s the retry settings give; the point is "answers", not "fast".</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);

    private TcpProxy _proxy = null!;
    private CashmanApiFactory _api = null!;
    private HttpClient _client = null!;
    private HttpClient _anonymous = null!;
    private Guid _userId;

    [SetUp]
    public async Task StartApiBehindProxyAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
        _proxy = new TcpProxy(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = _proxy.Port;
        database.ApplicationName = ApplicationName;
        _api = new CashmanApiFactory(database.ConnectionString);
        _anonymous = _api.CreateClient();
        using var registered = await _anonymous.PostAsJsonAsync("/auth/register", new { email = Email("outage"), password = Password });
        _userId = (await registered.Content.ReadFromJsonAsync<UserResponse>(Json))!.Id;
        using var login = await _anonymous.PostAsJsonAsync("/auth/login", new { email = Email("outage"), password = Password });
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
        _client = _api.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
    }

    [TearDown]
    public async Task StopApiAndProxyAsync()
    {
        _client.Dispose();
        _anonymous.Dispose();
        await _api.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Test]
    public async Task WhileTheDatabaseIsDownRequestsAre503ProblemsAndEveryAcknowledgedWriteSurvives()
    {
        var outcomes = new ConcurrentQueue<Outcome>();
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 6).Select(_ => WriteUntilStoppedAsync(outcomes, acknowledged, clock, stop.Token))
            .Concat(Enumerable.Range(0, 2).Select(_ => ReadUntilStoppedAsync(outcomes, clock, stop.Token)))
            .ToList();

        // Each phase lasts until what it is for has been seen, not a fixed time: writes acknowledged before the cut,
        // 503s answered during it, and successes again after it.
        await WaitUntilAsync(() => acknowledged.Count >= 6, TimeSpan.FromSeconds(20), "writes are acknowledged before the cut");
        var cutAt = clock.Elapsed;
        _proxy.Cut();
        await WaitUntilAsync(
            () => outcomes.Count(o => o.SentAt >= cutAt && o.Status == HttpStatusCode.ServiceUnavailable) >= 3,
            TimeSpan.FromSeconds(30),
            "requests sent during the outage are answered 503");
        var restoredAt = clock.Elapsed;
        _proxy.Restore();
        await WaitUntilAsync(
            () => outcomes.Count(o => o.SentAt >= restoredAt && o.Status is HttpStatusCode.OK or HttpStatusCode.Created) >= 6,
            TimeSpan.FromSeconds(30),
            "requests succeed again once the database is back");

        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var all = outcomes.ToList();
        var unavailable = all.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var recovered = all.Where(o => o.SentAt >= restoredAt && o.Status is HttpStatusCode.OK or HttpStatusCode.Created).Min(o => (TimeSpan?)o.AnsweredAt);
        var rows = await RowsPerDescriptionAsync();
        await TestContext.Out.WriteLineAsync(
            $"outage: {all.Count} requests; statuses {string.Join(", ", all.GroupBy(o => (int)o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}; " +
            $"slowest 503 {unavailable.Select(o => o.Duration).DefaultIfEmpty().Max().TotalSeconds:0.00} s; " +
            $"acknowledged writes {acknowledged.Count}, found {acknowledged.Count(a => rows.ContainsKey(a.Key))}; " +
            $"first success {(recovered - restoredAt)?.TotalSeconds:0.00} s after the database returned (cut at {cutAt.TotalSeconds:0.0} s)");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Select(o => o.Status).Distinct(), Is.SubsetOf(new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
            Assert.That(unavailable, Is.Not.Empty, "the outage was seen");
            Assert.That(unavailable.All(o => o.IsProblemWithRetryAfter), Is.True, "every 503 is a problem with Retry-After");
            Assert.That(unavailable.Max(o => o.Duration), Is.LessThan(AnswerBound));
            Assert.That(recovered, Is.Not.Null, "the API recovered without a restart");
            Assert.That(recovered - restoredAt, Is.LessThan(AnswerBound));
            Assert.That(acknowledged, Is.Not.Empty);
            Assert.That(acknowledged.Keys.Where(k => !rows.ContainsKey(k)), Is.Empty, "every acknowledged write is stored");
            Assert.That(rows.Where(r => r.Value > 1).Select(r => r.Key), Is.Empty, "retries with an Idempotency-Key never stored a write twice");
        }
    }

    [Test]
    public async Task TerminatedServerConnectionsAreRetriedWithoutTheClientNoticing()
    {
        for (var i = 0; i < 5; i++)
        {
            using var warm = await _client.GetAsync("/incomes");
            Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var terminated = await TerminateApiConnectionsAsync();
        Assert.That(terminated, Is.Positive, "the pool had connections to terminate");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var write = await _client.PostAsJsonAsync("/expenses", new { description = $"after terminate {i}", amount = 1 });
            using var read = await _client.GetAsync("/balance");
            statuses.Add(write.StatusCode);
            statuses.Add(read.StatusCode);
        }

        Assert.That(statuses, Is.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK), string.Join(",", statuses));
        Assert.That((await RowsPerDescriptionAsync()).Count, Is.EqualTo(10));
    }

    [Test]
    public async Task EveryKindOfCallerGetsA503NotA401WhileTheDatabaseIsDown()
    {
        using var keyResponse = await _client.PostAsJsonAsync("/auth/api-keys", new { name = "outage" });
        var apiKey = (await keyResponse.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;
        _proxy.Cut();

        using var bearer = await _client.GetAsync("/incomes");
        using var keyRequest = new HttpRequestMessage(HttpMethod.Get, "/balance");
        keyRequest.Headers.Add("X-API-Key", apiKey);
        using var withKey = await _anonymous.SendAsync(keyRequest);
        using var login = await _anonymous.PostAsJsonAsync("/auth/login", new { email = Email("outage"), password = Password });
        foreach (var response in new[] { bearer, withKey, login })
        {
            await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        }

        _proxy.Restore();
        using var after = await _client.GetAsync("/incomes");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/health/live")]
    [TestCase("/")]
    public async Task AnonymousEndpointsIgnoreCredentialsAndAnswerWhileTheDatabaseIsDown(string path)
    {
        using var keyResponse = await _client.PostAsJsonAsync("/auth/api-keys", new { name = "outage" });
        var apiKey = (await keyResponse.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;
        _proxy.Cut();

        using var withToken = await _client.GetAsync(path);
        using var keyRequest = new HttpRequestMessage(HttpMethod.Get, path);
        keyRequest.Headers.Add("X-API-Key", apiKey);
        using var withKey = await _anonymous.SendAsync(keyRequest);
        using var unknownKeyRequest = new HttpRequestMessage(HttpMethod.Get, path);
        unknownKeyRequest.Headers.Add("X-API-Key", "cm_unknown");
        using var withUnknownKey = await _anonymous.SendAsync(unknownKeyRequest);
        using var without = await _anonymous.GetAsync(path);
        using (Assert.EnterMultipleScope())
        {
            foreach (var response in new[] { withToken, withKey, withUnknownKey, without })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(await without.Content.ReadAsStringAsync()));
            }
        }
    }

    [Test]
    public async Task ReadinessIs503WhileTheDatabaseIsDownAndLivenessStaysUp()
    {
        _proxy.Cut();
        var clock = Stopwatch.StartNew();
        using var ready = await _anonymous.GetAsync("/health/ready");
        var answeredIn = clock.Elapsed;
        using var live = await _anonymous.GetAsync("/health/live");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(answeredIn, Is.LessThan(AnswerBound));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        _proxy.Restore();
        using var back = await _anonymous.GetAsync("/health/ready");
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(deadline.Elapsed, Is.LessThan(limit), what);
            await Task.Delay(20);
        }
    }

    private async Task WriteUntilStoppedAsync(
        ConcurrentQueue<Outcome> outcomes, ConcurrentDictionary<string, Guid> acknowledged, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // A careful client: one key per payment, retried with the same key until it is acknowledged.
            var key = Guid.NewGuid().ToString();
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/expenses") { Content = JsonContent.Create(new { description = key, amount = 12.34m }) };
                request.Headers.Add("Idempotency-Key", key);
                var (outcome, response) = await SendAsync(request, clock);
                using (response)
                {
                    outcomes.Enqueue(outcome);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[key] = (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json, CancellationToken.None))!.Id;
                        break;
                    }
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private async Task ReadUntilStoppedAsync(ConcurrentQueue<Outcome> outcomes, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/transactions?pageSize=5");
            var (outcome, response) = await SendAsync(request, clock);
            response.Dispose();
            outcomes.Enqueue(outcome);
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task<(Outcome Outcome, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request, Stopwatch clock)
    {
        var sentAt = clock.Elapsed;
        var response = await _client.SendAsync(request);
        var answeredAt = clock.Elapsed;
        var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" && response.Headers.RetryAfter is not null;
        return (new Outcome(response.StatusCode, sentAt, answeredAt, isProblem), response);
    }

    private async Task<Dictionary<string, int>> RowsPerDescriptionAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.InspectionConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT description, count(*) FROM transactions WHERE user_id = @user GROUP BY description", connection);
        command.Parameters.AddWithValue("user", _userId);
        var rows = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = (int)reader.GetInt64(1);
        }

        return rows;
    }

    private static async Task<int> TerminateApiConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.InspectionConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", ApplicationName);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record Outcome(HttpStatusCode Status, TimeSpan SentAt, TimeSpan AnsweredAt, bool IsProblemWithRetryAfter)
    {
        public TimeSpan Duration => AnsweredAt - SentAt;
    }
}
