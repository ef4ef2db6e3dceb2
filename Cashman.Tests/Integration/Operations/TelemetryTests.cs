using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using OpenTelemetry.Trace;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// OpenTelemetry as SPEC "Operations" asks: a trace per request with a span per database call, an incoming
/// <c>traceparent</c> continued and echoed as the problem's <c>traceId</c>, and Prometheus metrics on the management
/// port only.
/// </summary>
// Alone: the meters and activity listeners it reads are the process's, so other fixtures' requests would count.
[NonParallelizable]
public sealed partial class TelemetryTests : IntegrationTest
{
    [Test]
    public async Task ARequestsTraceHasAServerSpanWithADatabaseSpanForEachCommandUnderIt()
    {
        var spans = new List<Activity>();
        await using var host = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = WithToken(host.CreateClient());

        using var response = await client.GetAsync("/balance");

        var server = await SpanAsync(spans, s => s.Kind == ActivityKind.Server && (s.GetTagItem("http.route") as string)?.TrimStart('/') == "balance");
        var database = Snapshot(spans).Where(s => s.TraceId == server.TraceId && s.Source.Name == "Npgsql").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.GetTagItem("http.response.status_code"), Is.EqualTo(200));
            Assert.That(database, Is.Not.Empty, "the logout check and the totals are database calls");
            Assert.That(database.Select(s => s.ParentSpanId), Is.All.EqualTo(server.SpanId));
            Assert.That(database.Select(s => s.Kind), Is.All.EqualTo(ActivityKind.Client));
        }
    }

    [Test]
    public async Task AnIncomingTraceparentIsContinuedAndItsTraceIdIsTheProblemsTraceId()
    {
        var spans = new List<Activity>();
        await using var host = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = WithToken(host.CreateClient());
        var traceId = ActivityTraceId.CreateRandom();
        var parentId = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/incomes/" + Guid.CreateVersion7());
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{parentId.ToHexString()}-01");

        using var response = await client.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        var server = await SpanAsync(spans, s => s.Kind == ActivityKind.Server && s.TraceId == traceId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)problem["traceId"], Is.EqualTo(traceId.ToHexString()));
            Assert.That(server.ParentSpanId, Is.EqualTo(parentId));
            Assert.That(Snapshot(spans).Where(s => s.Source.Name == "Npgsql" && s.TraceId == traceId), Is.Not.Empty);
        }
    }

    [Test]
    public async Task WithoutATraceparentEachRequestStartsATraceOfItsOwn()
    {
        using var first = await Anonymous.GetAsync("/no-such-route");
        using var second = await Anonymous.GetAsync("/no-such-route");

        var firstId = (string?)(await AssertProblemAsync(first, HttpStatusCode.NotFound))["traceId"];
        var secondId = (string?)(await AssertProblemAsync(second, HttpStatusCode.NotFound))["traceId"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstId, Does.Match("^[0-9a-f]{32}$"), "a W3C trace id");
            Assert.That(secondId, Is.Not.EqualTo(firstId));
        }
    }

    [Test]
    public async Task TheMetricsEndpointListensOnLoopbackAnswersOnlyGetMetricsAndNamesNoConnectionDetails()
    {
        var port = ApiProcess.FreePort();
        await using var host = Factory.WithWebHostBuilder(b => b.UseSetting("Metrics:Port", port.ToString(CultureInfo.InvariantCulture)));
        using var client = WithToken(host.CreateClient());
        using (await client.GetAsync("/incomes"))
        {
        }

        using var scrape = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var text = await scrape.GetStringAsync("/metrics");
        using var post = await scrape.PostAsync("/metrics", new StringContent("x"));
        using var trace = await scrape.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/metrics"));
        using var other = await scrape.GetAsync("/anything");
        using var root = await scrape.GetAsync("/");
        var listening = await ListeningOnAsync(port);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((post.StatusCode, trace.StatusCode, other.StatusCode, root.StatusCode), Is.EqualTo((HttpStatusCode.MethodNotAllowed, HttpStatusCode.MethodNotAllowed, HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
            Assert.That(await other.Content.ReadAsStringAsync(), Is.Empty, "no page of metrics on another path");
            Assert.That(listening, Is.EqualTo(new[] { $"0100007F:{port:X4}" }), "127.0.0.1 only, unless Metrics__Address says otherwise");
        }
    }

    [Test]
    public async Task MetricsAddressChoosesWhereTheManagementPortListens()
    {
        var port = ApiProcess.FreePort();
        await using var host = Factory.WithWebHostBuilder(b => b
            .UseSetting("Metrics:Port", port.ToString(CultureInfo.InvariantCulture))
            .UseSetting("Metrics:Address", "0.0.0.0"));
        using (host.CreateClient())
        {
        }

        Assert.That(await ListeningOnAsync(port), Is.EqualTo(new[] { $"00000000:{port:X4}" }), "every address of the host, as the compose stack asks inside its container");
    }

    [Test]
    public async Task ATakenMetricsPortCostsTheMetricsButNeverThePublicApi()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var host = Factory.WithWebHostBuilder(b => b.UseSetting("Metrics:Port", port.ToString(CultureInfo.InvariantCulture)));
        using var client = WithToken(host.CreateClient());
        using var live = await client.GetAsync("/health/live");
        using var incomes = await client.GetAsync("/incomes");
        Assert.That((live.StatusCode, incomes.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
    }

    [Test]
    public async Task MetricsAreServedInPrometheusTextOnTheManagementPortAndNotOnThePublicOne()
    {
        var port = ApiProcess.FreePort();
        await using var host = Factory.WithWebHostBuilder(b => b
            .UseSetting("Metrics:Port", port.ToString(CultureInfo.InvariantCulture))
            .UseSetting("RateLimiting:PerUserPerMinute", "5"));
        using var client = WithToken(host.CreateClient());
        using var scrape = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var before = await scrape.GetStringAsync("/metrics");
        using (var created = await client.PostAsJsonAsync("/expenses", new { description = "Pizza", amount = 50 }))
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        for (var i = 0; i < 2; i++)
        {
            using var idempotent = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(new { description = "Salary", amount = 5000 }) };
            idempotent.Headers.Add("Idempotency-Key", "metrics-test-key");
            using var answer = await client.SendAsync(idempotent);
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var listed = await client.GetAsync("/incomes");
            statuses.Add(listed.StatusCode);
        }

        using var publicMetrics = await client.GetAsync("/metrics");
        var after = await scrape.GetStringAsync("/metrics");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Does.Contain(HttpStatusCode.TooManyRequests), "the budget of 5 a minute ran out");
            Assert.That(publicMetrics.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(after, Does.Contain("# TYPE http_server_request_duration_seconds histogram"));
            Assert.That(after, Does.Match("http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/?expenses\""));
            Assert.That(after, Does.Contain("dotnet_gc_heap_total_allocated_bytes"), "the .NET runtime");
            Assert.That(after, Does.Contain("db_client_"), "Npgsql");
            Assert.That(Counter(after, "cashman_transactions_written_total", "operation=\"create\"")
                - Counter(before, "cashman_transactions_written_total", "operation=\"create\""), Is.EqualTo(2), "the expense and the first idempotent income; the replay wrote nothing");
            Assert.That(Counter(after, "cashman_idempotent_replays_total") - Counter(before, "cashman_idempotent_replays_total"), Is.EqualTo(1));
            Assert.That(Counter(after, "cashman_rate_limit_rejections_total", "limiter=\"per-user\""), Is.GreaterThanOrEqualTo(1));
        }
    }

    [Test]
    public async Task TheApiProcessServesMetricsOnItsManagementPortOnly()
    {
        var port = ApiProcess.FreePort();
        await using var api = await RunningApi.StartAsync(
            TestDatabase.ConnectionString, CashmanApiFactory.SigningKey, new Dictionary<string, string> { ["Metrics__Port"] = port.ToString(CultureInfo.InvariantCulture) });
        using var client = api.CreateClient();
        using var scrape = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using (var live = await client.GetAsync("/health/live"))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the database was used, so its pool has metrics");
        }

        using var metrics = await scrape.GetAsync("/metrics");
        var database = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
        using var onPublicPort = await client.GetAsync("/metrics");

        var text = await metrics.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK), api.Output);
            Assert.That(metrics.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket"));
            Assert.That(text, Does.Contain("db_client_connection_pool_name=\"cashman\""), "the pool is named, without connection details");
            Assert.That(text, Does.Not.Contain("Host=").And.Not.Contain(database.Database!).And.Not.Contain($"Port={database.Port}"));
            Assert.That(onPublicPort.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await onPublicPort.Content.ReadAsStringAsync(), Does.Not.Contain("http_server_request_duration"));
        }
    }

    [Test]
    public async Task UpdatesAndDeletesAreCountedAsWritten()
    {
        var port = ApiProcess.FreePort();
        await using var host = Factory.WithWebHostBuilder(b => b.UseSetting("Metrics:Port", port.ToString(CultureInfo.InvariantCulture)));
        using var client = WithToken(host.CreateClient());
        using var scrape = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var created = await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        var before = await scrape.GetStringAsync("/metrics");

        using (var updated = await client.PutAsJsonAsync($"/incomes/{created.Id}", new { description = "Bonus", amount = 10 }))
        {
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var deleted = await client.DeleteAsync($"/incomes/{created.Id}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using (var batch = await client.PostAsJsonAsync("/transactions/batch", new { items = new[] { new { type = "income", description = "A", amount = 1 }, new { type = "expense", description = "B", amount = 2 } } }))
        {
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var after = await scrape.GetStringAsync("/metrics");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Written(after, "update") - Written(before, "update"), Is.EqualTo(1));
            Assert.That(Written(after, "delete") - Written(before, "delete"), Is.EqualTo(1));
            Assert.That(Written(after, "create") - Written(before, "create"), Is.EqualTo(2), "the batch's two rows");
        }

        static double Written(string text, string operation) =>
            Counter(text, "cashman_transactions_written_total", $"operation=\"{operation}\"");
    }

    [Test]
    public async Task AnswersGivenWhileTheDatabaseIsUnreachableAreCounted()
    {
        var port = ApiProcess.FreePort();
        var unreachable = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Host = "127.0.0.1", Port = ApiProcess.FreePort(), Timeout = 2 };
        await using var host = Factory.WithWebHostBuilder(b => b
            .UseSetting("Metrics:Port", port.ToString(CultureInfo.InvariantCulture))
            .UseSetting("ConnectionStrings:Cashman", unreachable.ConnectionString));
        using var client = WithToken(host.CreateClient());
        using var scrape = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var before = Counter(await scrape.GetStringAsync("/metrics"), "cashman_database_unavailable_total");

        using var response = await client.GetAsync("/balance");

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(Counter(await scrape.GetStringAsync("/metrics"), "cashman_database_unavailable_total") - before, Is.EqualTo(1));
    }

    private HttpClient WithToken(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Owner.AccessToken);
        return Track(client);
    }

    /// <summary>The server span ends just after the answer reaches the client: waits a moment for it to be exported.</summary>
    private static async Task<Activity> SpanAsync(List<Activity> spans, Func<Activity, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if (Snapshot(spans).FirstOrDefault(match) is { } span)
            {
                return span;
            }

            await Task.Delay(20);
        }

        Assert.Fail("the span was not exported; exported: " + string.Join(", ", Snapshot(spans).Select(s => s.DisplayName)));
        return null!;
    }

    /// <summary>A copy: the exporter adds the server span from the request's thread, possibly while the test reads.</summary>
    private static List<Activity> Snapshot(List<Activity> spans) => [.. spans];

    /// <summary>
    /// The sum of a counter's series whose labels contain <paramref name="label"/> (0 when it has none yet). The meter
    /// provider hears every meter of its name in the process, the test run's other hosts' too: compare before and after.
    /// </summary>
    private static double Counter(string text, string name, string label = "") =>
        SampleLine().Matches(text)
            .Where(m => m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    /// <summary>The local addresses with a socket listening on <paramref name="port"/> (IPv4, as the kernel lists them: 0100007F is 127.0.0.1).</summary>
    private static async Task<List<string>> ListeningOnAsync(int port) =>
        [.. (await File.ReadAllLinesAsync("/proc/net/tcp")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A" && f[1].EndsWith($":{port:X4}", StringComparison.Ordinal))
            .Select(f => f[1])];
}
