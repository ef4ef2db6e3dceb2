using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// Category texts stored under the previous schema become categories: texts equal ignoring case become one (spelled as
/// most rows spell it), "parent/name" a child, and the totals, balances and filters keep their meaning.
/// </summary>
public sealed class CategoriesMigrationTests
{
    private const string PreviousSchema = "20261202145319_RepairAccountOpeningDates";

    [Test]
    public async Task EachUsersDistinctCategoryTextsBecomeCategoriesAndRowsWhoseSpellingChangedAreInTheFeed()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("categories", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
            }

            await using var api = new CashmanApiFactory(TestDatabase.ForApi(database));
            using var client = api.CreateClient();
            var owner = await RegisterAsync(client, "owner");
            var other = await RegisterAsync(api.CreateClient(), "other");
            long lastBefore;
            await using (var db = TestDatabase.Inspect(database))
            {
                // As the previous code stored them (the trigger of that schema numbers and totals each row).
                var rows = new (Guid User, string Type, decimal Amount, string? Category)[]
                {
                    (owner, "expense", -10, "Food"), (owner, "expense", -20, "Food"), (owner, "expense", -30, "Food"), (owner, "income", 5, "food"),
                    (owner, "expense", -1, "Food/Groceries"), (owner, "expense", -2, "Food/Groceries"), (owner, "expense", -4, "food/groceries"),
                    (owner, "expense", -8, "a/b/c"), (owner, "income", 1000, null),
                    (other, "expense", -3, "food"),
                };
                foreach (var (user, type, amount, category) in rows)
                {
                    await db.Database.ExecuteSqlAsync(
                        $"""
                        INSERT INTO transactions (id, user_id, type, account_id, currency, description, amount, category, occurred_on, created_at, updated_at)
                        SELECT {Guid.CreateVersion7()}, {user}, {type}, default_account_id, base_currency, 'row', {amount}, {category}, DATE '2026-03-01', now(), now()
                        FROM user_settings WHERE user_id = {user}
                        """);
                }

                lastBefore = await db.Database.SqlQuery<long>($"SELECT last_change_seq AS \"Value\" FROM user_totals WHERE user_id = {owner}").SingleAsync();
                await db.MigrateAndDistributeAsync();
            }

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, "owner"));
            var categories = (await client.GetFromJsonAsync<JsonObject>("/categories"))!["items"]!.AsArray();
            var transactions = (await client.GetFromJsonAsync<JsonObject>("/transactions?pageSize=100"))!["items"]!.AsArray();
            var balance = (await client.GetFromJsonAsync<JsonObject>("/balance?groupBy=category"))!;
            await using var check = TestDatabase.Inspect(database);
            var renumbered = await check.Transactions.AsNoTracking()
                .Where(t => t.UserId == owner && t.ChangeSeq > lastBefore)
                .Select(t => new { t.Amount, t.Category })
                .ToListAsync();
            var last = await check.UserTotals.AsNoTracking().Where(t => t.UserId == owner).Select(t => t.LastChangeSeq).SingleAsync();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(
                    categories.Select(c => ((string?)c!["path"], (long)c["transactionCount"]!)),
                    Is.EqualTo(new[] { ("a-b-c", 1L), ("Food", 4L), ("Food/Groceries", 3L) }));
                Assert.That(transactions.Where(t => t!["category"] is not null).All(t => t!["categoryId"] is not null), Is.True);
                Assert.That(
                    transactions.Select(t => (string?)t!["category"]).OfType<string>().Distinct().Order(StringComparer.Ordinal),
                    Is.EqualTo(new[] { "Food", "Food/Groceries", "a-b-c" }));

                // The rows whose text changed are numbered once more, after everything before the upgrade.
                Assert.That(renumbered.Select(r => (r.Amount, r.Category)), Is.EquivalentTo(new[] { (5m, "Food"), (-4m, "Food/Groceries"), (-8m, "a-b-c") }));
                Assert.That(last, Is.EqualTo(lastBefore + 3));

                Assert.That($"income {balance["totalIncome"]!.ToJsonString()}, expenses {balance["totalExpenses"]!.ToJsonString()}", Is.EqualTo("income 1005.00, expenses -75.00"), "the totals of the rows as stored");
                Assert.That(
                    balance["groups"]!.AsArray().Select(g => ((string?)g!["key"], g["totalExpenses"]!.ToJsonString(), g["totalIncome"]!.ToJsonString())),
                    Is.EqualTo(new[] { ((string?)null, "0.00", "1000.00"), ("Food", "-67.00", "5.00"), ("Food/Groceries", "-7.00", "0.00"), ("a-b-c", "-8.00", "0.00") }));
            }

            await KeptTotals.AssertMatchTheRowsAsync([owner, other], database);
            Assert.That(await check.Categories.CountAsync(c => c.UserId == other), Is.EqualTo(1), "the other user's food is theirs");
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }

    private static async Task<Guid> RegisterAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/auth/register", new { email = $"{name}-{Tag}@example.com", password = "categories-password-1" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (Guid)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task<string> TokenAsync(HttpClient client, string name)
    {
        using var login = await client.PostAsJsonAsync("/auth/login", new { email = $"{name}-{Tag}@example.com", password = "categories-password-1" });
        return (string)(await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
    }

    private static readonly string Tag = Guid.NewGuid().ToString("N")[..8];
}
