using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cashman.Tests.Integration.Webhooks;

/// <summary>
/// SPEC "Webhooks": failures are retried with growing delays on the fixture's fake clock, the same event keeps its
/// <c>webhook-id</c>, three days of failures disable the webhook, and enabling it resumes from its cursor. The clock jumps
/// days, so signatures are checked by <see cref="WebhookTests"/>, not here.
/// </summary>
public sealed class WebhookRetryTests : IntegrationTest
{
    private readonly LogCapture _logs = new();
    private WebhookReceiver _receiver = null!;


    /// <summary>The owner with an API key: the clock jumps days, past any access token's life .</summary>
    private HttpClient KeyClient { get; set; } = null!;

    /// <summary>A receiver of the test's own, and the owner's API key client.</summary>
    [SetUp]
    public async Task StartReceiverAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        using var key = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "webhook retries" });
        KeyClient = ClientWithApiKey((string)(await ReadObjectAsync(key))["key"]!);
    }

    protected override void ConfigureApi(IWebHostBuilder builder) => builder.ConfigureLogging(l => l.AddProvider(_logs));

    [TearDown]
    public async Task StopReceiverAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            // What the API logged at Warning or above explains a failed turn.
            foreach (var entry in _logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Category.StartsWith("Cashman", StringComparison.Ordinal)))
            {
                await TestContext.Out.WriteLineAsync(entry.Everything);
            }
        }

        KeyClient.Dispose();
        await _receiver.DisposeAsync();
    }

    [Test]
    public async Task AFailingReceiverIsRetriedAfterGrowingDelaysWithTheSameIdAndGetsEverythingOnceItAnswers()
    {
        var webhook = await CreateWebhookAsync();
        _receiver.Answer = _ => 500;
        foreach (var description in new[] { "One", "Two", "Three" })
        {
            await CreateExpenseAsync(description);
        }

        var attemptsAt = new List<DateTimeOffset>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await PassAsync();
            attemptsAt.Add(Factory.Clock.GetUtcNow());
            Assert.That(await PassAsync(), Is.Zero, "nothing is due before the next attempt");
            var read = (await KeyClient.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}"))!;
            Factory.Clock.SetUtcNow((DateTimeOffset)read["nextAttemptAt"]!);
        }

        var gaps = attemptsAt.Zip(attemptsAt.Skip(1), (a, b) => b - a).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gaps, Has.Count.EqualTo(3));
            Assert.That(gaps[0], Is.EqualTo(TimeSpan.FromMinutes(1)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(gaps[1], Is.EqualTo(TimeSpan.FromMinutes(5)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(gaps[2], Is.EqualTo(TimeSpan.FromMinutes(30)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(_receiver.Received.Select(r => r.Id).Distinct().Count(), Is.EqualTo(1), "the first change is retried, with its id, and blocks the rest");
            Assert.That(_receiver.Received, Has.Count.EqualTo(4));
        }

        _receiver.Answer = _ => 204;
        await PassAsync();
        var delivered = _receiver.Received.Where(r => r.Json["data"]?["transaction"] is not null).ToList();
        var firstById = delivered.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Select(r => r.Body).Distinct().Count());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivered.Select(r => (string)r.Json["data"]!["transaction"]!["description"]!).Distinct(), Is.EqualTo(new[] { "One", "Two", "Three" }));
            Assert.That(firstById.Values, Is.All.EqualTo(1), "a duplicate is the same event: same id, same body");
            Assert.That(delivered.Select(r => r.Seq).Distinct(), Is.Ordered.Ascending);
        }

        var healed = (await KeyClient.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}"))!;
        Assert.That(healed["failingSince"], Is.Null);
        Assert.That(healed["nextAttemptAt"], Is.Null);
    }

    [Test]
    public async Task AfterThreeDaysOfFailuresTheWebhookIsDisabledAndEnablingItResumesFromItsCursor()
    {
        var webhook = await CreateWebhookAsync();
        _receiver.Answer = _ => 500;
        await CreateExpenseAsync("First");
        var failingSince = Factory.Clock.GetUtcNow();
        JsonObject read;
        var attempts = 0;
        do
        {
            await PassAsync();
            attempts++;
            read = (await KeyClient.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}"))!;
            if ((string)read["status"]! == "active")
            {
                Factory.Clock.SetUtcNow((DateTimeOffset)read["nextAttemptAt"]!);
            }
        }
        while ((string)read["status"]! == "active" && attempts < 20);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string)read["status"]!, Is.EqualTo("disabled"));
            // 0, 1 min, 6 min, 36 min, 2h36, 8h36, 20h36, 44h36, 68h36 and the last at 72 h.
            Assert.That(attempts, Is.EqualTo(10));
            Assert.That(Factory.Clock.GetUtcNow() - failingSince, Is.EqualTo(TimeSpan.FromDays(3)).Within(TimeSpan.FromSeconds(5)));
        }

        // Changes go on while it is disabled; nothing is delivered.
        await CreateExpenseAsync("Second");
        Factory.Clock.Advance(TimeSpan.FromDays(2));
        await PassAsync();
        Assert.That(_receiver.Received, Has.Count.EqualTo(attempts));

        _receiver.Answer = _ => 200;
        using var enabled = await KeyClient.PutAsJsonAsync($"/webhooks/{webhook.Id}", new { url = _receiver.Url().AbsoluteUri, status = "active" });
        var after = await ReadObjectAsync(enabled);
        Assert.That((string)after["status"]!, Is.EqualTo("active"));
        Assert.That(after["failingSince"], Is.Null);
        await PassAsync();
        var succeeded = _receiver.Received.Skip(attempts - 1).Select(r => (string)r.Json["data"]!["transaction"]!["description"]!);
        Assert.That(succeeded, Is.EqualTo(new[] { "First", "First", "Second" }), "resumed from the first change not delivered");
    }

    [Test]
    public async Task TheReplacedSecretSignsFor24HoursAfterARotationAndThenNoMore()
    {
        var webhook = await CreateWebhookAsync();
        using (var rotated = await KeyClient.PostAsync($"/webhooks/{webhook.Id}/rotate-secret", null))
        {
            Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Factory.Clock.Advance(TimeSpan.FromHours(23));
        await CreateExpenseAsync("Within a day");
        await PassAsync();
        Factory.Clock.Advance(TimeSpan.FromHours(2));
        await CreateExpenseAsync("A day later");
        await PassAsync();
        Assert.That(_receiver.Received.Select(r => r.Signature.Split(' ').Length), Is.EqualTo(new[] { 2, 1 }));
    }

    private async Task<WebhookWithSecretResponse> CreateWebhookAsync()
    {
        using var response = await KeyClient.PostAsJsonAsync("/webhooks", new { url = _receiver.Url().AbsoluteUri });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<WebhookWithSecretResponse>(Json))!;
    }

    private async Task CreateExpenseAsync(string description)
    {
        using var response = await KeyClient.PostAsJsonAsync("/expenses", new { description, amount = 3 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private Task<int> PassAsync() => Factory.Services.GetRequiredService<WebhookDispatcher>().RunAsync(CancellationToken.None, OwnerId);
}
