using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Security;

/// <summary>
/// API keys and refresh tokens name their owner, so that they are looked up on the owner's shard. The name is only a
/// routing hint: a secret that names someone else is not theirs, and one issued before secrets carried an owner is
/// found through the upgrade's record of it, for as long as it lives.
/// </summary>
public sealed class SelfIdentifyingSecretTests : IntegrationTest
{
    [Test]
    public async Task AnApiKeyRewrittenToNameAnotherUserIsA401()
    {
        var key = await CreateKeyAsync(Client);
        var other = await RegisterAndLoginAsync(Email("other"));
        var otherId = await IdOfAsync(ClientWithToken(other.AccessToken));

        using var forged = await ClientWithApiKey(Reowned(key, otherId)).GetAsync("/incomes");
        await AssertProblemAsync(forged, HttpStatusCode.Unauthorized);
        using var genuine = await ClientWithApiKey(key).GetAsync("/incomes");
        Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ARefreshTokenRewrittenToNameAnotherUserIsA401AndRevokesNothing()
    {
        var other = await RegisterAndLoginAsync(Email("other"));
        var otherId = await IdOfAsync(ClientWithToken(other.AccessToken));

        using var forged = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Reowned(Owner.RefreshToken, otherId) });
        await AssertProblemAsync(forged, HttpStatusCode.Unauthorized);
        using var genuine = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken });
        Assert.That(genuine.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the owner's login is untouched");
        using var othersLogin = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = other.RefreshToken });
        Assert.That(othersLogin.StatusCode, Is.EqualTo(HttpStatusCode.OK), "and so is the other user's");
    }

    [Test]
    public async Task ASecretWithoutAnOwnerThatTheUpgradeDidNotRecordIsA401()
    {
        var random = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await AssertProblemAsync(await ClientWithApiKey(SecretGenerator.ApiKeyPrefix + random).GetAsync("/incomes"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = random }), HttpStatusCode.Unauthorized);
    }

    [Test]
    [NonParallelizable] // the purge deletes what has expired for every user
    public async Task AnUpgradedKeyStopsWorkingWhenRevokedAndThePurgeThenForgetsItsOwner()
    {
        var ownerId = await IdOfAsync(Client);
        var upgradedKey = SecretGenerator.ApiKeyPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var keptKey = SecretGenerator.ApiKeyPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var expiredToken = SecretGenerator.Hash("expired refresh token");
        await using (var db = TestDatabase.Inspect())
        {
            foreach (var key in new[] { upgradedKey, keptKey })
            {
                db.ApiKeys.Add(new Cashman.Domain.Accounts.ApiKey(Guid.CreateVersion7(), ownerId, "from before", key[..10], SecretGenerator.Hash(key), Factory.Clock.GetUtcNow()));
                db.LegacyCredentials.Add(new LegacyCredential { SecretHash = SecretGenerator.Hash(key), UserId = ownerId });
            }

            db.LegacyCredentials.Add(new LegacyCredential { SecretHash = expiredToken, UserId = ownerId, ExpiresAt = Factory.Clock.GetUtcNow().AddDays(-1) });
            await db.SaveChangesAsync();
        }

        using (var works = await ClientWithApiKey(upgradedKey).GetAsync("/incomes"))
        {
            Assert.That(works.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a key from before the upgrade works");
        }

        var listed = (await Client.GetFromJsonAsync<List<ApiKeyResponse>>("/auth/api-keys", Json))!;
        var revokedId = listed.Single(k => k.Prefix == upgradedKey[..10]).Id;
        using (var revoke = await Client.DeleteAsync($"/auth/api-keys/{revokedId}"))
        {
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await AssertProblemAsync(await ClientWithApiKey(upgradedKey).GetAsync("/incomes"), HttpStatusCode.Unauthorized);

        await using (var db = TestDatabase.Inspect())
        {
            await db.PurgeAsync(Factory.Clock.GetUtcNow(), TimeSpan.FromDays(30), TimeSpan.FromDays(91), CancellationToken.None);
            Assert.That(await db.LegacyCredentials.Where(c => c.UserId == OwnerId).Select(c => c.SecretHash).ToListAsync(), Is.EqualTo(new[] { SecretGenerator.Hash(keptKey) }));
        }

        using var kept = await ClientWithApiKey(keptKey).GetAsync("/incomes");
        Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK), "an active upgraded key keeps working after the purge");
    }

    /// <summary>The same secret with its owner part replaced (a self-identifying secret is base64url of owner, then random bytes).</summary>
    private static string Reowned(string secret, Guid owner)
    {
        var prefix = secret.StartsWith(SecretGenerator.ApiKeyPrefix, StringComparison.Ordinal) ? SecretGenerator.ApiKeyPrefix : string.Empty;
        var bytes = WebEncoders.Base64UrlDecode(secret[prefix.Length..]);
        owner.TryWriteBytes(bytes.AsSpan(0, 16), bigEndian: true, out _);
        var forged = prefix + WebEncoders.Base64UrlEncode(bytes);
        Assert.That(SecretGenerator.TryReadOwner(forged, out var named) && named == owner, "the forgery names the other user");
        return forged;
    }

    private static async Task<string> CreateKeyAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/auth/api-keys", new { name = "script" });
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;
    }

    private static async Task<Guid> IdOfAsync(HttpClient client) => (await client.GetFromJsonAsync<UserResponse>("/auth/me", Json))!.Id;
}
