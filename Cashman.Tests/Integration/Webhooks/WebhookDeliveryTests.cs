using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Users;
using Cashman.Api.Webhooks;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Webhooks;

/// <summary>
/// SPEC "Webhooks", nothing lost: the background delivery of real replicas on a database of the fixture's own (their
/// passes deliver every user's webhooks), under concurrent writers, and across an API process killed mid-delivery.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private const string SigningKey = "webhook-delivery-signing-key-0123456789abcdef";

    [Test]
    public async Task EveryChangeOfConcurrentWritersOnTwoReplicasIsDeliveredInOrderAndTheReceiverEndsWithTheirState()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("webhookload", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.MigrateAndDistributeAsync();
            }

            await using var receiver = await WebhookReceiver.StartAsync();
            await using var first = Replica(database);
            await using var second = Replica(database);
            var users = new List<(HttpClient[] Clients, string WebhookId)>();
            for (var user = 0; user < 3; user++)
            {
                var token = await SignUpAsync(user % 2 == 0 ? first : second);
                var clients = new[] { Authorised(first, token), Authorised(second, token), Authorised(first, token), Authorised(second, token) };
                using var created = await clients[0].PostAsJsonAsync("/webhooks", new { url = receiver.Url().AbsoluteUri });
                var hook = await created.Content.ReadFromJsonAsync<WebhookWithSecretResponse>();
                receiver.Secrets = [.. receiver.Secrets, hook!.Secret];
                users.Add((clients, hook.Id.ToString("N")));
            }

            // Four devices of each user write at once, through both replicas: creates, changes and deletes.
            await Task.WhenAll(users.SelectMany(u => u.Clients.Select((client, device) => WriteAsync(client, device))));
            await WaitUntilDeliveredAsync(database);

            foreach (var (clients, webhookId) in users)
            {
                var events = receiver.Received.Where(r => r.Id.StartsWith($"msg_{webhookId}_", StringComparison.Ordinal)).ToList();
                var firsts = events.DistinctBy(r => r.Id).ToList();
                var state = new Dictionary<string, string>();
                foreach (var received in firsts)
                {
                    var data = received.Json["data"]!;
                    if (received.Type == "transaction.deleted")
                    {
                        Assert.That(state.Remove((string)data["id"]!) || true);
                    }
                    else
                    {
                        state[(string)data["transaction"]!["id"]!] = (string)data["transaction"]!["description"]!;
                    }
                }

                var live = (await clients[0].GetFromJsonAsync<JsonObject>("/transactions?pageSize=100"))!["items"]!.AsArray()
                    .ToDictionary(t => (string)t!["id"]!, t => (string)t!["description"]!);
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(firsts.Select(r => r.Seq), Is.Ordered.Ascending.And.Unique, "in the order the user's changes were made");
                    Assert.That(state, Is.EquivalentTo(live), "the receiver's copy is the user's data");
                    Assert.That(events.GroupBy(r => r.Id).All(g => g.Select(r => r.Body).Distinct().Count() == 1), Is.True, "a duplicate is the same event");
                    Assert.That(events.All(r => r.Verified), Is.True, string.Join("; ", events.Where(r => !r.Verified).Select(r => r.VerifyError)));
                }
            }

            Assert.That(receiver.MostAtOnceForOneWebhook, Is.EqualTo(1), "no two deliveries to one webhook at once");
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }

    [Test]
    public async Task AProcessKilledMidDeliveryLosesNothingWhenItAndASecondReplicaTakeOver()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("webhookkill", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.MigrateAndDistributeAsync();
            }

            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Delay = TimeSpan.FromMilliseconds(20);
            var settings = new Dictionary<string, string>
            {
                ["RateLimiting__AuthPerMinute"] = "1000",
                ["Webhooks__AllowPrivateTargets"] = "true",
                ["Webhooks__Interval"] = "00:00:00.200",
            };
            var ids = new List<string>();
            string token;
            await using (var doomed = await RunningApi.StartAsync(TestDatabase.ForApi(database), SigningKey, settings))
            {
                token = await SignUpAsync(doomed.CreateClient());
                using var client = doomed.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var created = await client.PostAsJsonAsync("/webhooks", new { url = receiver.Url().AbsoluteUri });
                receiver.Secrets = [(await created.Content.ReadFromJsonAsync<WebhookWithSecretResponse>())!.Secret];
                for (var batch = 0; batch < 3; batch++)
                {
                    using var written = await client.PostAsJsonAsync("/transactions/batch", new
                    {
                        items = Enumerable.Range(0, 100).Select(i => new { type = "expense", description = $"Item {batch}-{i}", amount = 1 + i, externalId = $"k-{batch}-{i}" }),
                    });
                    var results = (await written.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
                    ids.AddRange(results.Select(r => (string)r!["id"]!));
                }

                var waited = Stopwatch.StartNew();
                while (receiver.Received.Count < 40 && waited.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(20);
                }

                // Disposing kills the process (no graceful stop): mid-turn, with a delivery in flight.
            }

            var before = receiver.Received.Count;
            Assert.That(before, Is.InRange(40, 299), "killed in the middle");
            await using var restarted = await RunningApi.StartAsync(TestDatabase.ForApi(database), SigningKey, settings);
            await using var replica = await RunningApi.StartAsync(TestDatabase.ForApi(database), SigningKey, settings);
            await WaitUntilDeliveredAsync(database);

            var delivered = receiver.Received.Select(r => (string)r.Json["data"]!["transaction"]!["id"]!).ToHashSet();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(delivered, Is.EquivalentTo(ids), "every transaction, none missing");
                Assert.That(receiver.Received.GroupBy(r => r.Id).All(g => g.Select(r => r.Body).Distinct().Count() == 1), Is.True, "a duplicate is the same event");
                Assert.That(receiver.Received.DistinctBy(r => r.Id).Select(r => r.Seq), Is.Ordered.Ascending);
                Assert.That(receiver.Received.All(r => r.Verified), Is.True);
                Assert.That(receiver.MostAtOnceForOneWebhook, Is.EqualTo(1), restarted.Output + replica.Output);
            }
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }

    /// <summary>A replica in this process, with its background delivery on, on the real clock.</summary>
    private static CashmanApiFactory Replica(string database) =>
        new(TestDatabase.ForApi(database), start: DateTimeOffset.UtcNow, configure: builder =>
        {
            builder.UseSetting("Webhooks:Interval", "00:00:00.050");
            builder.ConfigureTestServices(services => services.AddHostedService<WebhookDeliveryService>());
        });

    private static async Task WriteAsync(HttpClient client, int device)
    {
        for (var i = 0; i < 15; i++)
        {
            using var created = await client.PostAsJsonAsync("/expenses", new { description = $"Device {device} item {i}", amount = 1 + i });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            if (i % 3 == 0)
            {
                using var changed = await client.PutAsJsonAsync($"/expenses/{id}", new { description = $"Device {device} item {i} changed", amount = 2 + i });
                Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            if (i % 5 == 0)
            {
                using var deleted = await client.DeleteAsync($"/expenses/{id}");
                Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            }
        }
    }

    /// <summary>Waits until every webhook's cursor has reached its owner's last change.</summary>
    private static async Task WaitUntilDeliveredAsync(string database)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var db = TestDatabase.Inspect(database);
            var behind = await db.Webhooks.Join(db.UserTotals, w => w.UserId, t => t.UserId, (w, t) => t.LastChangeSeq - w.CursorSeq).Where(d => d > 0).CountAsync();
            if (behind == 0)
            {
                return;
            }

            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(90)), $"{behind} webhooks still behind");
            await Task.Delay(100);
        }
    }

    private static HttpClient Authorised(CashmanApiFactory api, string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> SignUpAsync(CashmanApiFactory api)
    {
        using var client = api.CreateClient();
        return await SignUpAsync(client);
    }

    private static async Task<string> SignUpAsync(HttpClient client)
    {
        var email = $"hooks-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/auth/register", new { email, password = IntegrationTest.Password });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = IntegrationTest.Password });
        return (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }
}
