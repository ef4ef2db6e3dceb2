using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace Cashman.Tests.Integration.Money;

/// <summary>Accounts and currencies must not cost a write a round trip: the statements a request sends, counted.</summary>
public sealed class RoundTripCountTests : IntegrationTest
{
    [Test]
    public async Task ACreateInTheDefaultAccountSendsTheCredentialsCheckAndTheInsertOnly()
    {
        // Every statement the request sends, EF Core's or not, is a span of Npgsql's in the request's trace.
        var spans = new List<Activity>();
        await using var traced = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(
            s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = traced.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Owner.AccessToken);
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/expenses") { Content = JsonContent.Create(new { description = "coffee", amount = 3.5m }) };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var created = await client.SendAsync(request);

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        List<string> statements;
        lock (spans)
        {
            statements = [.. spans.Where(s => s.TraceId == traceId && s.Source.Name == "Npgsql").Select(s => s.GetTagItem("db.query.text") as string ?? "")];
        }

        Assert.That(statements, Has.Count.EqualTo(2), string.Join("\n---\n", statements));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statements[0], Does.Contain("FROM sessions"));
            Assert.That(statements[1], Does.Contain("INSERT INTO transactions"));
        }
    }
}
