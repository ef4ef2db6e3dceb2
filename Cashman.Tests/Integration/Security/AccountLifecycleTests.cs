using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Recurring;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Tests.Integration.Security;

/// <summary>
/// A login's absolute lifetime, the purge of what has expired, changing the password (every other login ends) and
/// erasing the account (every row it owns, in every table, at once).
/// </summary>
public sealed class AccountLifecycleTests : IntegrationTest
{
    [Test]
    public async Task RefreshingStopsWhenTheLoginIsThirtyDaysOldHoweverOftenItRotated()
    {
        var tokens = Owner;
        for (var week = 0; week < 4; week++)
        {
            Factory.Clock.Advance(TimeSpan.FromDays(7));
            tokens = await RefreshAsync(tokens.RefreshToken, HttpStatusCode.OK);
        }

        // Day 28 now; the last refresh token would last 14 days, but the login ends at day 30.
        Factory.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        tokens = await RefreshAsync(tokens.RefreshToken, HttpStatusCode.OK);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        using var late = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken });
        await AssertProblemAsync(late, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task TheSessionLifetimeComesFromConfiguration()
    {
        await using var host = Factory.WithWebHostBuilder(b => b.UseSetting("Jwt:SessionDays", "2"));
        using var client = host.CreateClient();
        using var login = await client.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
        Factory.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));
        using var refresh = await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    [NonParallelizable] // the purge deletes what has expired for every user, by a clock 30 days ahead
    public async Task ThePurgeDeletesExpiredRecordsRevokedAndEndedLoginsAndKeepsLiveOnes()
    {
        var ended = Owner;
        using (var idempotent = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(new { description = "x", amount = 1 }) })
        {
            idempotent.Headers.Add("Idempotency-Key", "purge-me");
            (await Client.SendAsync(idempotent)).Dispose();
        }

        var revoked = await LoginAsync(OwnerEmail);
        (await ClientWithToken(revoked.AccessToken).PostAsJsonAsync("/auth/logout", new { refreshToken = revoked.RefreshToken })).Dispose();
        Factory.Clock.Advance(TimeSpan.FromDays(29));
        var live = await LoginAsync(OwnerEmail);
        Factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        await using var db = TestDatabase.Inspect();
        await db.PurgeAsync(Factory.Clock.GetUtcNow(), TimeSpan.FromDays(30), TimeSpan.FromDays(91), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await db.IdempotencyRecords.CountAsync(r => r.UserId == OwnerId), Is.Zero, "the idempotency record (24 h)");
            Assert.That(await db.Sessions.Where(s => s.UserId == OwnerId).Select(s => s.Id).ToListAsync(), Is.EquivalentTo(new[] { SessionOf(live) }), "only the live login stays");
            Assert.That(await db.RefreshTokens.Where(t => t.UserId == OwnerId).Select(t => t.SessionId).Distinct().ToListAsync(), Is.EquivalentTo(new[] { SessionOf(live) }));
        }

        await RefreshAsync(live.RefreshToken, HttpStatusCode.OK);
        using var old = await ClientWithToken(ended.AccessToken).GetAsync("/incomes");
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    [NonParallelizable] // the background purge deletes what has expired for every user
    public async Task ThePurgeRunsInTheBackgroundEveryInterval()
    {
        await using var purging = WithPurge();
        var revoked = await LoginAsync(OwnerEmail);
        (await ClientWithToken(revoked.AccessToken).PostAsJsonAsync("/auth/logout", new { refreshToken = revoked.RefreshToken })).Dispose();
        await using var db = TestDatabase.Inspect();
        Assert.That(await db.Sessions.CountAsync(s => s.Id == SessionOf(revoked)), Is.EqualTo(1));

        Factory.Clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 100 && await db.Sessions.AnyAsync(s => s.Id == SessionOf(revoked)); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(await db.Sessions.CountAsync(s => s.Id == SessionOf(revoked)), Is.Zero);
    }

    [Test]
    public async Task ChangingThePasswordEndsEveryOtherLoginAndKeepsThisOneAndTheKeys()
    {
        var other = await LoginAsync(OwnerEmail);
        using var keyResponse = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "script" });
        var key = (await keyResponse.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;

        using var changed = await Client.PostAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = "a-brand-new-password" });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await changed.Content.ReadAsStringAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await Client.GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "this login stays");
            Assert.That((await ClientWithToken(other.AccessToken).GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await ClientWithApiKey(key).GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "keys stay");
        }

        using var otherRefresh = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = other.RefreshToken });
        Assert.That(otherRefresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var oldPassword = await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        Assert.That(oldPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await LoginAsync(OwnerEmail, "a-brand-new-password");
    }

    [Test]
    public async Task ChangingThePasswordWithAnApiKeyEndsEveryLogin()
    {
        using var keyResponse = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "script" });
        var key = (await keyResponse.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;
        using var changed = await ClientWithApiKey(key).PostAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = "a-brand-new-password" });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AWrongCurrentPasswordIsA401AndChangesNothing()
    {
        var other = await LoginAsync(OwnerEmail);
        using var response = await Client.PostAsJsonAsync("/auth/password", new { currentPassword = "not-the-password", newPassword = "a-brand-new-password" });
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That((await ClientWithToken(other.AccessToken).GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await LoginAsync(OwnerEmail);
    }

    [TestCase("short")]
    [TestCase(null)]
    public async Task ATooShortNewPasswordIsA400NamingIt(string? newPassword)
    {
        using var response = await Client.PostAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword });
        await AssertValidationProblemAsync(response, "newPassword");
        await LoginAsync(OwnerEmail);
    }

    [Test]
    public async Task ChangingThePasswordNeedsCredentials()
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/password", new { currentPassword = Password, newPassword = "a-brand-new-password" });
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task DeletingTheAccountErasesEveryRowItOwnsInEveryTableAndNothingElse()
    {
        var ownerId = await IdOfAsync(Client);
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        var otherId = await IdOfAsync(other);
        foreach (var client in new[] { Client, other })
        {
            await FillEveryTableAsync(client);
        }

        foreach (var user in new[] { ownerId, otherId })
        {
            await AddUpgradedKeyAsync(user);
        }

        var tables = await UserOwnedTablesAsync();
        Assert.That(tables, Has.Count.GreaterThanOrEqualTo(9), string.Join(", ", tables));
        foreach (var table in tables)
        {
            Assert.That(await TestDatabase.CountOwnedAsync(table, ownerId), Is.GreaterThan(0), $"the test fills {table}");
        }

        using var keyResponse = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "script" });
        var key = (await keyResponse.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/auth/me") { Content = JsonContent.Create(new { password = Password }) };
        using var deleted = await Client.SendAsync(request);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await deleted.Content.ReadAsStringAsync());

        using (Assert.EnterMultipleScope())
        {
            foreach (var table in tables)
            {
                Assert.That(await TestDatabase.CountOwnedAsync(table, ownerId), Is.Zero, table);
                Assert.That(await TestDatabase.CountOwnedAsync(table, otherId), Is.GreaterThan(0), $"the other account keeps its rows in {table}");
            }

            Assert.That(await TestDatabase.CountOwnedAsync("users", ownerId, "id"), Is.Zero);
            Assert.That((await Client.GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await ClientWithApiKey(key).GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password })).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        // The address is free again.
        await RegisterAndLoginAsync(OwnerEmail);
    }

    [Test]
    public async Task EveryTableOfTheCatalogWithAnOwnerIsKnownToTheErasure()
    {
        await using var db = TestDatabase.Inspect();
        var erasedByOwner = AccountErasure.OwnedTables(db).Select(t => t.Table);

        // The address lookup is sharded by address, so the erasure deletes its row by address, not by owner.
        Assert.That(erasedByOwner.Append("user_emails"), Is.EquivalentTo(await UserOwnedTablesAsync()));
    }

    [Test]
    public async Task AWrongPasswordIsA401AndErasesNothing()
    {
        await CreateAsync("incomes", new { description = "kept", amount = 1 });
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/auth/me") { Content = JsonContent.Create(new { password = "not-the-password" }) };
        using var response = await Client.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var list = await ReadObjectAsync(await Client.GetAsync("/incomes"));
        Assert.That((int)list["totalItems"]!, Is.EqualTo(1));
    }

    private async Task<TokenResponse> RefreshAsync(string refreshToken, HttpStatusCode expected)
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken });
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
    }

    private static Guid SessionOf(TokenResponse tokens) =>
        Guid.Parse(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.AccessToken).GetClaim("sid").Value);

    private static async Task<Guid> IdOfAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<UserResponse>("/auth/me", Json))!.Id;

    /// <summary>A transaction (with its totals and a kept report), a login, a key and an idempotency record: a row in every user-owned table.</summary>
    private static async Task FillEveryTableAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/expenses") { Content = JsonContent.Create(new { description = "x", amount = 1, category = "Food/Groceries" }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var expense = await client.SendAsync(request);
        var categoryId = (await expense.Content.ReadFromJsonAsync<TransactionResponse>(Json))!.CategoryId;
        (await client.PutAsJsonAsync($"/budgets/2026-11/{categoryId}", new { amount = 100 })).Dispose();
        (await client.GetAsync("/balance?groupBy=category")).Dispose(); // keeps the category report's months
        using var deleted = await client.PostAsJsonAsync("/incomes", new { description = "deleted", amount = 1, externalId = "gone" });
        (await client.DeleteAsync($"/incomes/{(await deleted.Content.ReadFromJsonAsync<TransactionResponse>(Json))!.Id}")).Dispose();
        (await client.PostAsJsonAsync("/auth/api-keys", new { name = "k" })).Dispose();
        using var recurring = await client.PostAsJsonAsync(
            "/recurring", new { template = new { type = "expense", amount = 5, description = "rent", categoryId }, rule = "FREQ=MONTHLY", startsOn = "2026-01-01", autoPost = false });
        var recurringId = (await recurring.Content.ReadFromJsonAsync<RecurringResponse>(Json))!.Id;
        (await client.PutAsJsonAsync($"/recurring/{recurringId}/occurrences/2026-02-01", new { skip = true })).Dispose();
        using var webhook = await client.PostAsJsonAsync("/webhooks", new { url = "http://127.0.0.1:9/nobody-listens" });
        var webhookId = (string)(await webhook.Content.ReadFromJsonAsync<JsonObject>(Json))!["id"]!;
        (await client.PostAsync($"/webhooks/{webhookId}/test", null)).Dispose(); // a failed attempt is recorded too
        using var profile = await client.PutAsJsonAsync("/imports/profiles/my-bank", new { dateColumn = "Datum", delimiter = ";" });
        Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.Created), await profile.Content.ReadAsStringAsync());
        using var rates = await client.PutAsJsonAsync("/rates", new { rates = new[] { new { date = "2026-11-02", @base = "EUR", quote = "USD", rate = 1.08m } } });
        Assert.That(rates.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rates.Content.ReadAsStringAsync());
    }

    /// <summary>What the upgrade to self-identifying secrets writes for a key issued before it.</summary>
    private static async Task AddUpgradedKeyAsync(Guid owner)
    {
        await using var db = TestDatabase.Inspect();
        db.LegacyCredentials.Add(new LegacyCredential { SecretHash = SecretGenerator.Hash(Guid.NewGuid().ToString()), UserId = owner });
        await db.SaveChangesAsync();
    }

    /// <summary>Every table with a <c>user_id</c> column, read from PostgreSQL's catalog (not from the model).</summary>
    private static async Task<List<string>> UserOwnedTablesAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.InspectionConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
