using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Webhooks;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Cashman.Tests.Integration.Webhooks;

/// <summary>
/// SPEC "Webhooks": the resource, and deliveries to a real receiver on loopback, verified by the <c>StandardWebhooks</c>
/// package. The clock starts at the real time, so that the package's five-minute timestamp check passes; passes of the
/// dispatcher run for the test's own user only.
/// </summary>
public sealed class WebhookTests : IntegrationTest
{
    private WebhookReceiver _receiver = null!;

    protected override DateTimeOffset? ClockStart => DateTimeOffset.UtcNow;

    [SetUp]
    public async Task StartReceiverAsync() => _receiver = await WebhookReceiver.StartAsync();

    [TearDown]
    public async Task StopReceiverAsync() => await _receiver.DisposeAsync();

    [Test]
    public async Task ACreatedWebhookShowsItsSecretOnceWithLocationAndETag()
    {
        using var response = await Client.PostAsJsonAsync("/webhooks", new { url = _receiver.Url().AbsoluteUri, description = "  Sheet  " });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = await ReadObjectAsync(response);
        var id = (string)created["id"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string)created["secret"]!, Does.Match("^whsec_[A-Za-z0-9+/]{43}=$"));
            Assert.That(Convert.FromBase64String(((string)created["secret"]!)["whsec_".Length..]), Has.Length.EqualTo(32));
            Assert.That((string)created["description"]!, Is.EqualTo("Sheet"));
            Assert.That(created["events"]!.AsArray().Select(e => (string)e!), Is.EqualTo(new[] { "transaction.created", "transaction.updated", "transaction.deleted" }));
            Assert.That((string)created["status"]!, Is.EqualTo("active"));
            Assert.That(created["failingSince"], Is.Null);
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri($"{CashmanApiFactory.PublicBaseUrl}/webhooks/{id}")));
            Assert.That(response.Headers.ETag, Is.Not.Null);
        }

        using var read = await Client.GetAsync($"/webhooks/{id}");
        var body = await read.Content.ReadAsStringAsync();
        var list = await Client.GetStringAsync("/webhooks");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Headers.ETag, Is.EqualTo(response.Headers.ETag));
            Assert.That(body, Does.Not.Contain("secret").And.Not.Contain((string)created["secret"]!));
            Assert.That(list, Does.Contain(id).And.Not.Contain("secret"));
        }
    }

    [Test]
    public async Task EachChangeIsDeliveredOnceInOrderSignedPerStandardWebhooksAsTheChangeFeedGivesIt()
    {
        var webhook = await CreateWebhookAsync();
        var income = await CreateAsync("incomes", new { description = "Salary", amount = 5000, occurredOn = "2026-03-01" });
        using (var put = await Client.PutAsJsonAsync($"/incomes/{income.Id}", new { description = "Salary March", amount = 5100, occurredOn = "2026-03-01" }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var deleted = await Client.DeleteAsync($"/incomes/{income.Id}"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await PassAsync();
        await PassAsync();

        // Created, changed and deleted before the pass: the feed holds only the delete marker by then, and so is delivered.
        var received = _receiver.Received;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Select(r => r.Type), Is.EqualTo(new[] { "transaction.deleted" }));
            Assert.That(received.All(r => r.Verified), Is.True, string.Join("; ", received.Select(r => r.VerifyError)));
        }

        var income2 = await CreateAsync("incomes", new { description = "Dividends", amount = 200.5m, occurredOn = "2026-03-02" });
        await PassAsync();
        using (var put = await Client.PutAsJsonAsync($"/incomes/{income2.Id}", new { description = "Dividends Q1", amount = 200.5m, occurredOn = "2026-03-02" }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await PassAsync();
        received = _receiver.Received;
        var last = received.TakeLast(2).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(last.Select(r => r.Type), Is.EqualTo(new[] { "transaction.created", "transaction.updated" }));
            Assert.That(last.All(r => r.Verified), Is.True, string.Join("; ", last.Select(r => r.VerifyError)));
            Assert.That(last[0].Id, Does.Match($"^msg_{webhook.Id:N}_[0-9]+$"));
            Assert.That(received.Select(r => r.Seq), Is.Ordered.Ascending.And.Unique);
            Assert.That(last[1].Json["data"]!["op"]!.GetValue<string>(), Is.EqualTo("upsert"));
            Assert.That(last[1].Json["data"]!["transaction"]!["description"]!.GetValue<string>(), Is.EqualTo("Dividends Q1"));
            Assert.That(last[1].Body, Does.Contain("\"amount\":200.50"));
            Assert.That(last[1].Json["timestamp"]!.GetValue<string>(), Does.EndWith("Z"));
            Assert.That(received[^3].Json["data"]!.ToJsonString(), Is.EqualTo(new JsonObject
            {
                ["op"] = "delete",
                ["id"] = income.Id.ToString(),
                ["type"] = "income",
                ["externalId"] = null,
            }.ToJsonString()));
        }
    }

    [Test]
    public async Task ChangesMadeBeforeTheWebhookExistedAreNotDelivered()
    {
        await CreateAsync("expenses", new { description = "Before", amount = 3 });
        await CreateWebhookAsync();
        await CreateAsync("expenses", new { description = "After", amount = 4 });
        await PassAsync();
        Assert.That(_receiver.Received.Select(r => (string)r.Json["data"]!["transaction"]!["description"]!), Is.EqualTo(new[] { "After" }));
    }

    [Test]
    public async Task OnlyTheEventTypesAskedForAreDeliveredAndTheOthersAreSkippedForGood()
    {
        await CreateWebhookAsync(events: ["transaction.deleted"]);
        var kept = await CreateAsync("expenses", new { description = "Kept", amount = 3 });
        var gone = await CreateAsync("expenses", new { description = "Gone", amount = 4 });
        using (await Client.DeleteAsync($"/expenses/{gone.Id}"))
        {
        }

        await PassAsync();
        await PassAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_receiver.Received.Select(r => r.Type), Is.EqualTo(new[] { "transaction.deleted" }));
            Assert.That((string)_receiver.Received[0].Json["data"]!["id"]!, Is.EqualTo(gone.Id.ToString()));
            Assert.That(_receiver.Received.Select(r => r.Body), Has.None.Contain(kept.Id.ToString()));
        }
    }

    [Test]
    public async Task EveryWritePathIsDelivered()
    {
        await CreateWebhookAsync();
        using (var batch = await Client.PostAsJsonAsync("/transactions/batch", new
        {
            items = new object[]
            {
                new { type = "expense", description = "Batch A", amount = 1, externalId = "b-1" },
                new { type = "income", description = "Batch B", amount = 2, externalId = "b-2" },
            },
        }))
        {
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await ImportAsync("occurredOn,description,amount,category\n2026-01-05,Imported coffee,-3.20,Food\n2026-01-06,Imported refund,4.00,Food\n");

        var today = DateOnly.FromDateTime(Factory.Clock.GetUtcNow().UtcDateTime);
        using (var rule = await Client.PostAsJsonAsync("/recurring", new
        {
            template = new { type = "expense", amount = 9, description = "Recurring rent" },
            rule = "FREQ=DAILY",
            startsOn = today.ToString("yyyy-MM-dd"),
            autoPost = false,
        }))
        {
            var id = (string)(await ReadObjectAsync(rule))["id"]!;
            using var posted = await Client.PostAsync($"/recurring/{id}/occurrences/{today:yyyy-MM-dd}/post", null);
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await posted.Content.ReadAsStringAsync());
        }

        var categories = (await Client.GetFromJsonAsync<JsonObject>("/categories"))!["items"]!.AsArray();
        var food = (string)categories.Single(c => (string)c!["path"]! == "Food")!["id"]!;
        using (var groceries = await Client.PostAsJsonAsync("/categories", new { name = "Groceries" }))
        {
            var into = (string)(await ReadObjectAsync(groceries))["id"]!;
            using var merged = await Client.PostAsJsonAsync($"/categories/{food}/merge", new { intoId = into });
            Assert.That(merged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await merged.Content.ReadAsStringAsync());
        }

        await PassAsync();
        var events = _receiver.Received.Select(r => (r.Type, (string?)r.Json["data"]!["transaction"]?["description"], (string?)r.Json["data"]!["transaction"]?["category"])).ToList();
        Assert.That(events, Is.EquivalentTo(new (string, string?, string?)[]
        {
            ("transaction.created", "Batch A", null), ("transaction.created", "Batch B", null),
            ("transaction.created", "Recurring rent", null),
            ("transaction.created", "Imported coffee", "Groceries"), ("transaction.created", "Imported refund", "Groceries"),
        }));
        Assert.That(_receiver.Received.All(r => r.Verified), Is.True);
    }

    [Test]
    public async Task ARowCreatedAndChangedBeforeItIsDeliveredArrivesOnceAsCreatedWithItsLatestFields()
    {
        await CreateWebhookAsync();
        var row = await CreateAsync("expenses", new { description = "Draft", amount = 3 });
        using (var put = await Client.PutAsJsonAsync($"/expenses/{row.Id}", new { description = "Final", amount = 4 }))
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await PassAsync();
        var received = _receiver.Received.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Type, Is.EqualTo("transaction.created"));
            Assert.That((string)received.Json["data"]!["transaction"]!["description"]!, Is.EqualTo("Final"));
            Assert.That(received.Body, Does.Contain("\"amount\":-4.00"));
        }
    }

    [Test]
    public async Task DeliveriesListEachAttemptNewestFirstWithItsStatusDurationAndError()
    {
        var webhook = await CreateWebhookAsync();
        _receiver.Answer = _ => 503;
        await CreateAsync("expenses", new { description = "Coffee", amount = 3 });
        await PassAsync();

        var page = (await Client.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}/deliveries?pageSize=1"))!;
        var attempt = page["items"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((long)page["totalItems"]!, Is.EqualTo(1));
            Assert.That((string)attempt["eventId"]!, Is.EqualTo(_receiver.Received.Single().Id));
            Assert.That((string)attempt["eventType"]!, Is.EqualTo("transaction.created"));
            Assert.That((int?)attempt["statusCode"], Is.EqualTo(503));
            Assert.That((bool)attempt["succeeded"]!, Is.False);
            Assert.That((string)attempt["error"]!, Does.Contain("503"));
            Assert.That((int)attempt["durationMs"]!, Is.GreaterThanOrEqualTo(0).And.LessThan(10_000));
        }

        var read = (await Client.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}"))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string)read["status"]!, Is.EqualTo("active"));
            Assert.That(read["failingSince"], Is.Not.Null);
            Assert.That((DateTimeOffset)read["nextAttemptAt"]! - (DateTimeOffset)read["failingSince"]!, Is.EqualTo(TimeSpan.FromMinutes(1)).Within(TimeSpan.FromSeconds(1)));
        }

        using var badPage = await Client.GetAsync($"/webhooks/{webhook.Id}/deliveries?pageSize=0");
        await AssertValidationProblemAsync(badPage, "pageSize");
        using var unknown = await Client.GetAsync($"/webhooks/{webhook.Id}/deliveries?limit=5");
        await AssertValidationProblemAsync(unknown, "limit");
    }

    [Test]
    public async Task ATestEventIsDeliveredSignedAndListedWithoutMovingTheCursor()
    {
        var webhook = await CreateWebhookAsync();
        using var response = await Client.PostAsync($"/webhooks/{webhook.Id}/test", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var attempt = await ReadObjectAsync(response);
        var received = _receiver.Received.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((bool)attempt["succeeded"]!, Is.True);
            Assert.That((int)attempt["statusCode"]!, Is.EqualTo(200));
            Assert.That((string)attempt["eventType"]!, Is.EqualTo("webhook.test"));
            Assert.That(received.Type, Is.EqualTo("webhook.test"));
            Assert.That(received.Verified, Is.True, received.VerifyError);
            Assert.That((string)received.Json["data"]!["webhookId"]!, Is.EqualTo(webhook.Id.ToString()));
            Assert.That((string)attempt["eventId"]!, Is.EqualTo(received.Id));
        }

        await CreateAsync("expenses", new { description = "After the test", amount = 3 });
        await PassAsync();
        Assert.That(_receiver.Received.Select(r => r.Type), Is.EqualTo(new[] { "webhook.test", "transaction.created" }));
        var deliveries = (await Client.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}/deliveries"))!;
        Assert.That(deliveries["items"]!.AsArray().Select(d => (string)d!["eventType"]!), Is.EqualTo(new[] { "transaction.created", "webhook.test" }));
    }

    [Test]
    public async Task ARotatedSecretSignsAtOnceAndTheOldOneStillVerifiesBesideIt()
    {
        var webhook = await CreateWebhookAsync();
        using var rotated = await Client.PostAsync($"/webhooks/{webhook.Id}/rotate-secret", null);
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var fresh = (string)(await ReadObjectAsync(rotated))["secret"]!;
        Assert.That(fresh, Is.Not.EqualTo(webhook.Secret).And.StartWith("whsec_"));

        await CreateAsync("expenses", new { description = "Signed twice", amount = 3 });
        await PassAsync();
        var received = _receiver.Received.Single();
        var signatures = received.Signature.Split(' ');
        Assert.That(signatures, Has.Length.EqualTo(2));
        Microsoft.AspNetCore.Http.HeaderDictionary Headers(string signature) => new()
        {
            ["webhook-id"] = received.Id,
            ["webhook-timestamp"] = received.Timestamp,
            ["webhook-signature"] = signature,
        };

        // The package checks only the first of two signatures (its loop stops early), so each is also given to it alone.
        using (Assert.EnterMultipleScope())
        {
            Assert.DoesNotThrow(() => new StandardWebhook(fresh).Verify(received.Body, Headers(received.Signature)), "the new secret's comes first");
            Assert.DoesNotThrow(() => new StandardWebhook(webhook.Secret).Verify(received.Body, Headers(signatures[1])), "the old secret's second");
            Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(webhook.Secret).Verify(received.Body, Headers(signatures[0])));
        }
    }

    [Test]
    public async Task ARedirectIsNotFollowed()
    {
        var webhook = await CreateWebhookAsync("/redirect");
        await CreateAsync("expenses", new { description = "Coffee", amount = 3 });
        await PassAsync();
        var attempt = (await Client.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}/deliveries"))!["items"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)attempt["statusCode"]!, Is.EqualTo(307));
            Assert.That((string)attempt["error"]!, Does.Contain("redirects are not followed"));
            Assert.That(_receiver.Received, Is.Empty, "/hook was never reached");
        }
    }

    [Test]
    public async Task AHugeAnswerIsAcceptedWithoutReadingItWhole()
    {
        var webhook = await CreateWebhookAsync("/huge");
        await CreateAsync("expenses", new { description = "Coffee", amount = 3 });
        await PassAsync();
        var attempt = (await Client.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}/deliveries"))!["items"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((bool)attempt["succeeded"]!, Is.True);
            Assert.That(await _receiver.HugeAbandoned.WaitAsync(TimeSpan.FromSeconds(30)), Is.True, "64 MiB were offered; the connection closed before their end");
        }
    }

    [Test]
    public async Task AReceiverThatTakesLongerThanTenSecondsFails()
    {
        var webhook = await CreateWebhookAsync("/slow");
        await CreateAsync("expenses", new { description = "Coffee", amount = 3 });
        await PassAsync();
        var attempt = (await Client.GetFromJsonAsync<JsonObject>($"/webhooks/{webhook.Id}/deliveries"))!["items"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((bool)attempt["succeeded"]!, Is.False);
            Assert.That(attempt["statusCode"], Is.Null);
            Assert.That((string)attempt["error"]!, Does.Contain("10 seconds"));
            Assert.That((int)attempt["durationMs"]!, Is.InRange(9_900, 10_900));
        }
    }

    [TestCase("""{ "description": "no url" }""", "url")]
    [TestCase("""{ "url": "" }""", "url")]
    [TestCase("""{ "url": "/relative" }""", "url")]
    [TestCase("""{ "url": "ftp://hooks.example.com/" }""", "url")]
    [TestCase("""{ "url": "https://user:pass@127.0.0.1/" }""", "url")]
    [TestCase("""{ "url": "https://127.0.0.1/#top" }""", "url")]
    [TestCase("""{ "url": "https://127.0.0.1/\u0007" }""", "url")]
    [TestCase("""{ "url": "https://127.0.0.1/", "events": [] }""", "events")]
    [TestCase("""{ "url": "https://127.0.0.1/", "events": ["transaction.created", "account.created"] }""", "events")]
    [TestCase("""{ "url": "https://127.0.0.1/", "description": "a\u0000b" }""", "description")]
    [TestCase("""{ "url": "https://127.0.0.1/", "status": "paused" }""", "status")]
    [TestCase("""{ "url": 5 }""", "url")]
    public async Task AnInvalidWebhookIsA400NamingTheField(string body, string field)
    {
        using var response = await Client.PostAsync("/webhooks", JsonBody(body));
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task TooLongUrlsAndDescriptionsAreA400()
    {
        using var url = await Client.PostAsJsonAsync("/webhooks", new { url = "https://127.0.0.1/" + new string('a', 2040) });
        await AssertValidationProblemAsync(url, "url");
        using var description = await Client.PostAsJsonAsync("/webhooks", new { url = "https://127.0.0.1/", description = new string('d', 201) });
        await AssertValidationProblemAsync(description, "description");
    }

    [Test]
    public async Task AUserHasAtMostTenWebhooks()
    {
        for (var i = 0; i < 10; i++)
        {
            await CreateWebhookAsync();
        }

        using var eleventh = await Client.PostAsJsonAsync("/webhooks", new { url = _receiver.Url().AbsoluteUri });
        await AssertProblemAsync(eleventh, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task AnotherUsersWebhookIsA404EverywhereAndNothingOfItChanges()
    {
        var webhook = await CreateWebhookAsync();
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        var path = $"/webhooks/{webhook.Id}";
        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => other.GetAsync(path),
            () => other.PutAsJsonAsync(path, new { url = "https://127.0.0.1/stolen" }),
            () => other.DeleteAsync(path),
            () => other.PostAsync(path + "/rotate-secret", null),
            () => other.PostAsync(path + "/test", null),
            () => other.GetAsync(path + "/deliveries"),
        };
        foreach (var request in requests)
        {
            using var response = await request();
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_receiver.Received, Is.Empty);
            Assert.That((string)(await Client.GetFromJsonAsync<JsonObject>(path))!["url"]!, Is.EqualTo(_receiver.Url().AbsoluteUri));
            Assert.That((await Client.GetFromJsonAsync<JsonObject>("/webhooks"))!["items"]!.AsArray(), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task WebhooksNeedCredentials()
    {
        foreach (var (method, path) in new[] { ("GET", "/webhooks"), ("POST", "/webhooks"), ("GET", $"/webhooks/{Guid.NewGuid()}"), ("POST", $"/webhooks/{Guid.NewGuid()}/test") })
        {
            using var response = await Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonBody("{}") : null });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }
    }

    [Test]
    public async Task UpdatingReplacesTheFieldsKeepsTheStatusWhenAbsentAndChecksIfMatch()
    {
        var webhook = await CreateWebhookAsync();
        using var stale = await SendIfMatchAsync(HttpMethod.Put, $"/webhooks/{webhook.Id}", "\"00000000000000000000000000000000\"", new { url = _receiver.Url().AbsoluteUri });
        await AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);

        using var disabled = await Client.PutAsJsonAsync($"/webhooks/{webhook.Id}", new { url = _receiver.Url().AbsoluteUri, status = "disabled" });
        Assert.That((string)(await ReadObjectAsync(disabled))["status"]!, Is.EqualTo("disabled"));
        using var renamed = await Client.PutAsJsonAsync($"/webhooks/{webhook.Id}", new { url = _receiver.Url("/hook?v=2").AbsoluteUri, description = "Renamed", events = new[] { "transaction.deleted" } });
        var read = await ReadObjectAsync(renamed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string)read["status"]!, Is.EqualTo("disabled"), "an absent status is kept");
            Assert.That((string)read["description"]!, Is.EqualTo("Renamed"));
            Assert.That((string)read["url"]!, Does.EndWith("/hook?v=2"));
            Assert.That(read["events"]!.AsArray().Select(e => (string)e!), Is.EqualTo(new[] { "transaction.deleted" }));
        }

        await CreateAsync("expenses", new { description = "While disabled", amount = 3 });
        await PassAsync();
        Assert.That(_receiver.Received, Is.Empty, "a disabled webhook is not delivered to");

        using var deleted = await Client.DeleteAsync($"/webhooks/{webhook.Id}");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var gone = await Client.GetAsync($"/webhooks/{webhook.Id}");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CreatingWithAnIdempotencyKeyTwiceCreatesOneWebhookAndShowsTheSameSecret()
    {
        async Task<JsonObject> CreateOnceAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = JsonContent.Create(new { url = _receiver.Url().AbsoluteUri }) };
            request.Headers.Add("Idempotency-Key", "create-hook-1");
            using var response = await Client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            return await ReadObjectAsync(response);
        }

        var first = await CreateOnceAsync();
        var second = await CreateOnceAsync();
        Assert.That(second.ToJsonString(), Is.EqualTo(first.ToJsonString()));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/webhooks"))!["items"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    [NonParallelizable] // the purge deletes what has expired for every user
    public async Task DeliveryAttemptsAreKeptThirtyDaysAndThenPurged()
    {
        var webhook = await CreateWebhookAsync();
        using (await Client.PostAsync($"/webhooks/{webhook.Id}/test", null))
        {
        }

        await using var db = TestDatabase.Inspect();
        var attempted = await db.WebhookDeliveries.Where(d => d.WebhookId == webhook.Id).Select(d => d.AttemptedAt).SingleAsync();
        var forever = TimeSpan.FromDays(36_500);
        await db.PurgeAsync(attempted.AddDays(29), forever, forever, CancellationToken.None);
        Assert.That(await db.WebhookDeliveries.CountAsync(d => d.WebhookId == webhook.Id), Is.EqualTo(1));
        await db.PurgeAsync(attempted.AddDays(30).AddSeconds(1), forever, forever, CancellationToken.None);
        Assert.That(await db.WebhookDeliveries.CountAsync(d => d.WebhookId == webhook.Id), Is.Zero);
        Assert.That(await db.Webhooks.CountAsync(w => w.Id == webhook.Id), Is.EqualTo(1), "the webhook itself stays");
    }

    private async Task<WebhookWithSecretResponse> CreateWebhookAsync(string path = "/hook", string[]? events = null)
    {
        using var response = await Client.PostAsJsonAsync("/webhooks", new { url = _receiver.Url(path).AbsoluteUri, events });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = (await response.Content.ReadFromJsonAsync<WebhookWithSecretResponse>(Json))!;
        _receiver.Secrets = [created.Secret, .. _receiver.Secrets];
        return created;
    }

    private Task<int> PassAsync() => Factory.Services.GetRequiredService<WebhookDispatcher>().RunAsync(CancellationToken.None, OwnerId);
}
