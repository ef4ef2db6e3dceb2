using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Security;

public sealed class ApiKeyTests : IntegrationTest
{
    [Test]
    public async Task CreatedKeyIsShownOnceAndStoredOnlyAsAHash()
    {
        var created = await CreateKeyAsync("budget script");
        Assert.That(created.Key, Does.StartWith("cm_"));
        Assert.That(created.Key.Length, Is.GreaterThanOrEqualTo(46));
        Assert.That(created.Name, Is.EqualTo("budget script"));

        using var list = await Client.GetAsync("/auth/api-keys");
        var listed = await list.Content.ReadAsStringAsync();
        Assert.That(listed, Does.Not.Contain(created.Key));
        var keys = (await list.Content.ReadFromJsonAsync<List<ApiKeyResponse>>(Json))!;
        Assert.That(keys.Select(k => (k.Id, k.Name)), Is.EqualTo(new[] { (created.Id, "budget script") }));
        Assert.That(created.Key, Does.StartWith(keys[0].Prefix));

        var stored = await TestDatabase.Inspect().ApiKeys.AsNoTracking().SingleAsync(k => k.UserId == OwnerId);
        Assert.That(stored.KeyHash, Is.EqualTo(SecretGenerator.Hash(created.Key)));
        Assert.That(stored.KeyHash, Does.Not.Contain(created.Key));
    }

    [Test]
    public async Task CreateAnswers201WithIdNameKeyAndCreatedAtOnly()
    {
        using var response = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "shape" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadObjectAsync(response)).Select(p => p.Key), Is.EquivalentTo(new[] { "id", "name", "key", "createdAt" }));
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task KeyWithoutANameIsA400(string name)
    {
        using var response = await Client.PostAsJsonAsync("/auth/api-keys", new { name });
        await AssertValidationProblemAsync(response, "name");
    }

    [Test]
    public async Task KeyNameOver100CharactersIsA400()
    {
        using var response = await Client.PostAsJsonAsync("/auth/api-keys", new { name = new string('k', 101) });
        await AssertValidationProblemAsync(response, "name");
    }

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task ValidKeyOpensEveryTransactionEndpoint(string method, string path)
    {
        var key = await CreateKeyAsync("script");
        var id = (await CreateAsync(path.Split('/')[1] == "expenses" ? "expenses" : "incomes", new { description = "x", amount = 1 })).Id;
        using var response = await ClientWithApiKey(key.Key).SendAsync(TransactionEndpoints.Request(method, path, id));
        Assert.That((int)response.StatusCode, Is.InRange(200, 299), await response.Content.ReadAsStringAsync());
    }

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task RevokedKeyIsA401OnEveryTransactionEndpoint(string method, string path)
    {
        var key = await CreateKeyAsync("script");
        var id = (await CreateAsync(path.Split('/')[1] == "expenses" ? "expenses" : "incomes", new { description = "kept", amount = 1 })).Id;
        using (var revoke = await Client.DeleteAsync($"/auth/api-keys/{key.Id}"))
        {
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var response = await ClientWithApiKey(key.Key).SendAsync(TransactionEndpoints.Request(method, path, id));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("ApiKey"));
        var list = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That(list["items"]!.AsArray().Select(i => (string)i!["description"]!), Is.EqualTo(new[] { "kept" }));
    }

    [TestCase("cm_unknown")]
    [TestCase("")]
    public async Task UnknownOrEmptyKeyIsA401(string key)
    {
        using var response = await ClientWithApiKey(key).GetAsync("/incomes");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task KeySeesOnlyItsOwnersData()
    {
        await CreateAsync("incomes", new { description = "owner's", amount = 1 });
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        using var created = await other.PostAsJsonAsync("/auth/api-keys", new { name = "theirs" });
        var theirKey = (await created.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!;

        var list = await ReadObjectAsync(await ClientWithApiKey(theirKey.Key).GetAsync("/transactions"));
        Assert.That((int)list["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task KeysCanBeManagedWithAKey()
    {
        var key = await CreateKeyAsync("admin script");
        using var list = await ClientWithApiKey(key.Key).GetAsync("/auth/api-keys");
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AnotherUsersKeyCannotBeRevokedOrListed()
    {
        var mine = await CreateKeyAsync("mine");
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);

        using var revoke = await other.DeleteAsync($"/auth/api-keys/{mine.Id}");
        await AssertProblemAsync(revoke, HttpStatusCode.NotFound);
        var theirList = (await (await other.GetAsync("/auth/api-keys")).Content.ReadFromJsonAsync<List<ApiKeyResponse>>(Json))!;
        Assert.That(theirList, Is.Empty);
        Assert.That((await ClientWithApiKey(mine.Key).GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RevokedKeyDisappearsFromTheListAndCannotBeRevokedTwice()
    {
        var key = await CreateKeyAsync("temp");
        using (var first = await Client.DeleteAsync($"/auth/api-keys/{key.Id}"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await AssertProblemAsync(await Client.DeleteAsync($"/auth/api-keys/{key.Id}"), HttpStatusCode.NotFound);
        var list = (await (await Client.GetAsync("/auth/api-keys")).Content.ReadFromJsonAsync<List<ApiKeyResponse>>(Json))!;
        Assert.That(list, Is.Empty);
    }

    [Test]
    public async Task KeyEndpointsNeedCredentials()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/auth/api-keys"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/auth/api-keys", new { name = "x" }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous.DeleteAsync($"/auth/api-keys/{Guid.CreateVersion7()}"), HttpStatusCode.Unauthorized);
    }

    private async Task<ApiKeyCreatedResponse> CreateKeyAsync(string name)
    {
        using var response = await Client.PostAsJsonAsync("/auth/api-keys", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!;
    }

    [Test]
    public async Task AnAccountHoldsAtMostAHundredActiveKeysSoTheListIsBounded()
    {
        for (var i = 0; i < 100; i++)
        {
            using var created = await Client.PostAsJsonAsync("/auth/api-keys", new { name = $"key {i}" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var oneTooMany = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "one too many" });
        await AssertProblemAsync(oneTooMany, HttpStatusCode.Conflict);
        var keys = (await Client.GetFromJsonAsync<List<ApiKeyResponse>>("/auth/api-keys", Json))!;
        Assert.That(keys, Has.Count.EqualTo(100));

        (await Client.DeleteAsync($"/auth/api-keys/{keys[0].Id}")).Dispose();
        using var afterRevoking = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "room again" });
        Assert.That(afterRevoking.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }
}
