using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cashman.Api.Balance;
using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Accounts;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// A database filled under the schema before it was distributable (single-column keys, xmin versions, secrets without
/// their owner) upgrades with its data: rows, totals, logins, refresh tokens and API keys are all still there and still
/// work. On Citus (<c>scripts/test.sh --citus</c>) the same upgrade also distributes the filled tables.
/// </summary>
public sealed class DistributedSchemaUpgradeTests
{
    private const string PreviousSchema = "20261123105058_AddIdempotencyRecords";
    private const string Email = "Before@Example.com";
    private const string Password = "password-from-before";
    private static readonly Guid UserId = Guid.Parse("01930000-0000-7000-8000-000000000001");
    private static readonly Guid SessionId = Guid.Parse("01930000-0000-7000-8000-000000000002");
    private static readonly Guid IncomeId = Guid.Parse("01930000-0000-7000-8000-000000000003");
    private static readonly Guid ExpenseId = Guid.Parse("01930000-0000-7000-8000-000000000004");

    // As secrets were issued before: 256 random bits, base64url; the API key with its prefix.
    private const string OldRefreshToken = "b2xkLXJlZnJlc2gtdG9rZW4tb2xkLXJlZnJlc2gtdG8";
    private const string OldApiKey = "cm_b2xkLWFwaS1rZXktb2xkLWFwaS1rZXktb2xkLWFwaS1r";

    private string _database = null!;
    private CashmanApiFactory _api = null!;

    [SetUp]
    public async Task FillUnderThePreviousSchemaThenUpgradeAsync()
    {
        _database = await TestDatabase.CreateEmptyDatabaseAsync("upgrade", forApi: false);
        await using (var db = TestDatabase.Inspect(_database))
        {
            await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
            await FillAsync(db);
            await db.MigrateAndDistributeAsync();
        }

        _api = new CashmanApiFactory(TestDatabase.ForApi(_database));
    }

    [TearDown]
    public async Task DropAsync()
    {
        await _api.DisposeAsync();
        await TestDatabase.DropDatabaseAsync(_database);
    }

    [Test]
    public async Task EveryRowIsStillThere()
    {
        await using var db = TestDatabase.Inspect(_database);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await db.Users.CountAsync(), Is.EqualTo(1));
            Assert.That(await db.UserEmails.SingleAsync(), Has.Property(nameof(UserEmail.UserId)).EqualTo(UserId));
            Assert.That(await db.Transactions.CountAsync(), Is.EqualTo(2));
            Assert.That(await db.Transactions.Select(t => t.Version).Distinct().CountAsync(), Is.EqualTo(2), "each row gets a version of its own");
            Assert.That(await db.Sessions.CountAsync(), Is.EqualTo(1));
            Assert.That(await db.RefreshTokens.CountAsync(), Is.EqualTo(1));
            Assert.That(await db.ApiKeys.CountAsync(), Is.EqualTo(1));
            Assert.That(await db.IdempotencyRecords.CountAsync(), Is.EqualTo(1));
            Assert.That(await db.LegacyCredentials.Select(c => c.SecretHash).ToListAsync(), Is.EquivalentTo(new[] { SecretGenerator.Hash(OldApiKey), SecretGenerator.Hash(OldRefreshToken) }));
        }
    }

    [Test]
    public async Task EveryOldRowIsInTheUsersNewDefaultAccountAndTheFeedIsUnchanged()
    {
        await using (var db = TestDatabase.Inspect(_database))
        {
            var settings = await db.UserSettings.SingleAsync();
            var account = await db.Accounts.SingleAsync();
            var rows = await db.Transactions.OrderBy(t => t.ChangeSeq).ToListAsync();
            using (Assert.EnterMultipleScope())
            {
                Assert.That((settings.UserId, settings.DefaultAccountId, settings.BaseCurrency, settings.TimeZone), Is.EqualTo((UserId, account.Id, "USD", "UTC")));
                Assert.That((account.Name, account.Currency, account.Balance, account.TransactionCount), Is.EqualTo(("Main", "USD", 4950.01m, 2L)));
                Assert.That(account.Id.Version, Is.EqualTo(7), "ids are UUIDv7, also those the migration makes");
                Assert.That(rows.Select(r => (r.Id, r.AccountId, r.Currency)), Is.EqualTo(new[] { (IncomeId, account.Id, "USD"), (ExpenseId, account.Id, "USD") }));
                Assert.That(rows.Select(r => r.ChangeSeq), Is.EqualTo(new[] { 1L, 2L }), "putting a row in its account is not a change a client sees");
                Assert.That((await db.UserTotals.SingleAsync()).LastChangeSeq, Is.EqualTo(2L));
            }
        }

        await KeptTotals.AssertMatchTheRowsAsync([UserId], _database);
    }

    [Test]
    public async Task TheOldApiKeyStillReadsTheRowsAndTheExactTotals()
    {
        using var client = _api.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", OldApiKey);
        var incomes = (await client.GetFromJsonAsync<PagedResponse<TransactionResponse>>("/incomes"))!;
        var balance = (await client.GetFromJsonAsync<BalanceResponse>("/balance"))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(incomes.Items.Select(i => i.Id), Is.EqualTo(new[] { IncomeId }));
            Assert.That(balance.TotalIncome, Is.EqualTo(5000.00m));
            Assert.That(balance.TotalExpenses, Is.EqualTo(-49.99m));
            Assert.That(balance.IncomeCount + balance.ExpenseCount, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task TheOldPasswordLogsInAndTheAddressStaysTaken()
    {
        using var client = _api.CreateClient();
        using var login = await client.PostAsJsonAsync("/auth/login", new { email = "before@example.COM", password = Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        using var register = await client.PostAsJsonAsync("/auth/register", new { email = Email, password = Password });
        Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task AnUpgradedRowHasAnOpaqueETagThatGuardsItsUpdates()
    {
        using var client = await LoggedInAsync();
        using var read = await client.GetAsync($"/expenses/{ExpenseId}");
        var etag = read.Headers.ETag!.Tag;
        Assert.That(etag, Does.Match("^\"[0-9a-f]{32}\"$"));

        var body = new { description = "Groceries", amount = 50 };
        using var current = new HttpRequestMessage(HttpMethod.Put, $"/expenses/{ExpenseId}") { Content = JsonContent.Create(body) };
        current.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        using var updated = await client.SendAsync(current);
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK), await updated.Content.ReadAsStringAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/expenses/{ExpenseId}") { Content = JsonContent.Create(body) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        using var refused = await client.SendAsync(stale);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task TheOldRefreshTokenRotatesOnceAndItsReuseEndsTheLogin()
    {
        using var client = _api.CreateClient();
        using var refreshed = await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = OldRefreshToken });
        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await refreshed.Content.ReadAsStringAsync());
        var pair = (await refreshed.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.That(SecretGenerator.TryReadOwner(pair.RefreshToken, out var owner) && owner == UserId, "the new token names its owner");

        using var reused = await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = OldRefreshToken });
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var successor = await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = pair.RefreshToken });
        Assert.That(successor.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "reuse ended the whole login");
    }

    private async Task<HttpClient> LoggedInAsync()
    {
        var client = _api.CreateClient();
        using var login = await client.PostAsJsonAsync("/auth/login", new { email = Email, password = Password });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    /// <summary>Rows as the previous schema held them, written as SQL against that schema (the model has moved on).</summary>
    private static async Task FillAsync(CashmanDbContext db)
    {
        var start = CashmanApiFactory.Start;
        var passwordHash = new PasswordHasher<User>().HashPassword(null!, Password);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO users (id, email, normalized_email, password_hash, created_at)
            VALUES ({UserId}, {Email}, {Email.ToUpperInvariant()}, {passwordHash}, {start.AddDays(-10)})
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO transactions (id, user_id, type, description, amount, category, occurred_on, created_at, updated_at)
            VALUES ({IncomeId}, {UserId}, 'income', 'Salary', 5000, 'work', DATE '2026-03-01', {start.AddDays(-9)}, {start.AddDays(-9)}),
                   ({ExpenseId}, {UserId}, 'expense', 'Groceries', -49.99, NULL, DATE '2026-03-02', {start.AddDays(-8)}, {start.AddDays(-8)})
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO sessions (id, user_id, created_at) VALUES ({SessionId}, {UserId}, {start.AddDays(-1)})
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO refresh_tokens (id, session_id, user_id, token_hash, created_at, expires_at)
            VALUES ({Guid.CreateVersion7()}, {SessionId}, {UserId}, {SecretGenerator.Hash(OldRefreshToken)}, {start.AddDays(-1)}, now() + interval '13 days')
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at)
            VALUES ({Guid.CreateVersion7()}, {UserId}, 'script', {OldApiKey[..10]}, {SecretGenerator.Hash(OldApiKey)}, {start.AddDays(-5)})
            """);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO idempotency_records (user_id, key, request_hash, status_code, location, etag, body, created_at, expires_at)
            VALUES ({UserId}, 'retry-1', {new byte[32]}, 201, NULL, '"123"', {"{}"}, {start}, {start.AddDays(1)})
            """);
    }
}
