using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;

namespace Cashman.Tests.Integration.Security;

/// <summary>
/// SPEC "Users and security" under concurrency: erasure wins against the user's own writes without a deadlock or a 5xx,
/// a password change checks the password current at its commit, and the cap on API keys holds.
/// </summary>
public sealed class ConcurrentAccountTests : IntegrationTest
{
    [Test]
    public async Task ErasureSucceedsWhileTheSameUserWritesAndEveryLosingWriteIsA401Or404()
    {
        for (var round = 0; round < 5; round++)
        {
            var email = $"busy{round}@example.com";
            var tokens = await RegisterAndLoginAsync(email);
            var bearer = ClientWithToken(tokens.AccessToken);
            using var keyResponse = await bearer.PostAsJsonAsync("/auth/api-keys", new { name = "writer" });
            var apiKey = ClientWithApiKey((await keyResponse.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key);
            var userId = (Guid)(await ReadObjectAsync(await bearer.GetAsync("/auth/me")))["id"]!;
            var seeded = new List<Guid>();
            for (var i = 0; i < 16; i++)
            {
                using var created = await bearer.PostAsJsonAsync("/expenses", new { description = $"seed {i}", amount = 1 + i });
                seeded.Add((Guid)(await ReadObjectAsync(created))["id"]!);
            }

            using var start = new CancellationTokenSource();
            var statuses = new System.Collections.Concurrent.ConcurrentBag<(string Operation, int Status)>();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var client = w % 2 == 0 ? bearer : apiKey;
                for (var i = 0; i < 25; i++)
                {
                    var (operation, request) = (w % 4, i) switch
                    {
                        (0, _) => ("batch", new HttpRequestMessage(HttpMethod.Post, "/transactions/batch") { Content = JsonContent.Create(new { items = new[] { new { type = "income", description = "b", amount = 2 }, new { type = "expense", description = "b", amount = 3 } } }) }),
                        (1, _) => ("post", new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(new { description = "p", amount = 4 }) }),
                        (2, _) => ("put", new HttpRequestMessage(HttpMethod.Put, $"/expenses/{seeded[(w + i) % seeded.Count]}") { Content = JsonContent.Create(new { description = $"u{i}", amount = 5 + i }) }),
                        _ => ("delete", new HttpRequestMessage(HttpMethod.Delete, $"/expenses/{seeded[(w * 3 + i) % seeded.Count]}")),
                    };
                    using (request)
                    using (var response = await client.SendAsync(request))
                    {
                        statuses.Add((operation, (int)response.StatusCode));
                    }

                    if (i == 3 && w == 0)
                    {
                        await start.CancelAsync();
                    }
                }
            })).ToList();

            // Erase once the writers are under way, while they go on.
            await Task.Delay(Timeout.Infinite, start.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            using var erase = new HttpRequestMessage(HttpMethod.Delete, "/auth/me") { Content = JsonContent.Create(new { password = Password }) };
            using var erased = await bearer.SendAsync(erase);
            await Task.WhenAll(writers);

            Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await erased.Content.ReadAsStringAsync());
            // 409: a PUT that met a concurrent DELETE or PUT of the same row, as without an erasure.
            Assert.That(statuses.Where(s => s.Status >= 500), Is.Empty, string.Join(", ", statuses.Where(s => s.Status >= 500)));
            Assert.That(statuses.Select(s => s.Status), Is.All.AnyOf(200, 201, 204, 401, 404, 409), string.Join(", ", statuses.Distinct()));
            await using var db = TestDatabase.Inspect();
            foreach (var (table, column) in AccountErasure.OwnedTables(db))
            {
                Assert.That(await TestDatabase.CountOwnedAsync(table, userId, column), Is.Zero, $"{table} after round {round}");
            }
        }
    }

    [Test]
    public async Task OfTwoConcurrentPasswordChangesFromOneLoginOnlyOneSucceedsAndItsPasswordIsTheOneThatWorks()
    {
        for (var round = 0; round < 3; round++)
        {
            var email = $"twice{round}@example.com";
            var client = ClientWithToken((await RegisterAndLoginAsync(email)).AccessToken);
            string[] candidates = [$"first-new-password-{round}", $"second-new-password-{round}"];
            var answers = await Task.WhenAll(candidates.Select(next =>
                client.PostAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = next })));
            var statuses = answers.Select(a => a.StatusCode).ToList();
            DisposeAll(answers);

            Assert.That(statuses, Is.EquivalentTo(new[] { HttpStatusCode.NoContent, HttpStatusCode.Unauthorized }));
            var winner = candidates[statuses.IndexOf(HttpStatusCode.NoContent)];
            var loser = candidates[statuses.IndexOf(HttpStatusCode.Unauthorized)];
            using var withWinner = await Anonymous.PostAsJsonAsync("/auth/login", new { email, password = winner });
            using var withLoser = await Anonymous.PostAsJsonAsync("/auth/login", new { email, password = loser });
            using var withOld = await Anonymous.PostAsJsonAsync("/auth/login", new { email, password = Password });
            Assert.That((withWinner.StatusCode, withLoser.StatusCode, withOld.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)));
        }
    }

    [Test]
    public async Task TwentyConcurrentKeyCreationsNeverTakeAUserPastAHundredActiveKeys()
    {
        for (var i = 0; i < 95; i++)
        {
            using var created = await Client.PostAsJsonAsync("/auth/api-keys", new { name = $"key {i}" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var statuses = await StatusesAsync(Enumerable.Range(0, 20).Select(i => Client.PostAsJsonAsync("/auth/api-keys", new { name = $"racer {i}" })));
        var keys = (await Client.GetFromJsonAsync<List<ApiKeyResponse>>("/auth/api-keys", Json))!;
        Assert.That(keys, Has.Count.EqualTo(100));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(5));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(15));
    }

    [Test]
    public async Task ABearerTokenAndAnApiKeyTogetherAreA400ThatSaysToSendOne()
    {
        using var keyResponse = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "second" });
        var key = (await keyResponse.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;
        var other = await RegisterAndLoginAsync(Email("other"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", other.AccessToken);
        request.Headers.Add("X-API-Key", key);
        using var response = await Anonymous.SendAsync(request);
        var problem = await AssertValidationProblemAsync(response, "Authorization");
        Assert.That(problem.ToJsonString(), Does.Contain("not both"));

        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        anonymous.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", other.AccessToken);
        anonymous.Headers.Add("X-API-Key", key);
        using var health = await Anonymous.SendAsync(anonymous);
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "anonymous endpoints never look at credentials");
    }
}
