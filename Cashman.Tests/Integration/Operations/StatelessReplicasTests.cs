using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// SPEC "Scale": the API is stateless. Two API processes on one database, as two replicas behind a load balancer: what one
/// of them learns (a logout, an idempotent answer) the other knows at once, because it lives in PostgreSQL.
/// </summary>
// Alone: two API processes at once, timed on the real clock.
[NonParallelizable]
public sealed class StatelessReplicasTests
{
    private const string SigningKey = "replica-tests-signing-key-0123456789abcdef";
    private RunningApi _first = null!;
    private RunningApi _second = null!;

    [OneTimeSetUp]
    public async Task StartTwoReplicasAsync()
    {
        var starting = new[] { StartAsync(), StartAsync() };
        var replicas = await Task.WhenAll(starting);
        (_first, _second) = (replicas[0], replicas[1]);
    }

    [OneTimeTearDown]
    public async Task StopReplicasAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Test]
    public async Task ALogoutThroughOneReplicaEndsTheAccessTokenOnTheOther()
    {
        var tokens = await RegisterAndLoginAsync(_first);
        using var onSecond = Authenticated(_second, tokens.AccessToken);
        using (var before = await onSecond.GetAsync("/incomes"))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var onFirst = Authenticated(_first, tokens.AccessToken);
        using (var logout = await onFirst.PostAsJsonAsync("/auth/logout", new { refreshToken = tokens.RefreshToken }))
        {
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var after = await onSecond.GetAsync("/incomes");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), _second.Output);
        using var anonymous = _second.CreateClient();
        using var refresh = await anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AnIdempotencyKeyFirstUsedOnOneReplicaReplaysOnTheOther()
    {
        var tokens = await RegisterAndLoginAsync(_first);
        using var onFirst = Authenticated(_first, tokens.AccessToken);
        using var onSecond = Authenticated(_second, tokens.AccessToken);
        var key = Guid.NewGuid().ToString();

        using var original = await PostWithKeyAsync(onFirst, key);
        using var replay = await PostWithKeyAsync(onSecond, key);

        Assert.That(original.StatusCode, Is.EqualTo(HttpStatusCode.Created), await original.Content.ReadAsStringAsync());
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Created), await replay.Content.ReadAsStringAsync());
        var first = (await original.Content.ReadFromJsonAsync<TransactionResponse>())!;
        var second = (await replay.Content.ReadFromJsonAsync<TransactionResponse>())!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Id, Is.EqualTo(first.Id));
            Assert.That(replay.Headers.Location, Is.EqualTo(original.Headers.Location));
            Assert.That(replay.Headers.ETag, Is.EqualTo(original.Headers.ETag));
        }

        var list = (await onFirst.GetFromJsonAsync<PagedResponse<TransactionResponse>>("/incomes"))!;
        Assert.That(list.Items.Select(i => i.Id), Is.EqualTo(new[] { first.Id }), "one row, not two");

        using var differentBody = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(new { description = "Other", amount = 2 }) };
        differentBody.Headers.Add("Idempotency-Key", key);
        using var reused = await onSecond.SendAsync(differentBody);
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    private static Task<RunningApi> StartAsync() =>
        RunningApi.StartAsync(TestDatabase.ConnectionString, SigningKey, new Dictionary<string, string> { ["RateLimiting__AuthPerMinute"] = "1000" });

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(new { description = "Salary", amount = 5000 }) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<TokenResponse> RegisterAndLoginAsync(RunningApi api)
    {
        using var client = api.CreateClient();
        var email = $"replica-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/auth/register", new { email, password = IntegrationTest.Password });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), api.Output);
        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = IntegrationTest.Password });
        return (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    private static HttpClient Authenticated(RunningApi api, string accessToken)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
