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
/// The upgrade that adds recurring transactions carries every row and answer forward: a database filled under the
/// previous schema answers the same afterwards, and its categories and accounts can be used by recurring transactions.
/// </summary>
public sealed class RecurringMigrationTests
{
    private const string PreviousSchema = "20261202223318_AddCategoryReports";

    /// <summary>
    /// What is compared across the upgrade. Not <c>/changes</c>: today's code reads the column a later migration
    /// (AddWebhooks) adds, so it cannot read the feed of this schema; the feed is checked after the upgrade.
    /// </summary>
    private static readonly string[] Reads =
    [
        "/transactions?pageSize=100", "/balance?groupBy=category", "/balance?groupBy=month", "/accounts", "/categories",
        "/budgets/2026-03", "/settings",
    ];

    [Test]
    public async Task EveryAnswerIsTheSameAfterTheUpgradeAndRecurringTransactionsUseTheExistingCategories()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("recurringupgrade", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
            }

            await using var api = new CashmanApiFactory(TestDatabase.ForApi(database));
            using var client = api.CreateClient();
            await UpgradeAnswers.SignInAsync(client);
            using var rent = await client.PostAsJsonAsync("/expenses", new { description = "Rent", amount = 950, category = "Housing", occurredOn = "2026-03-01" });
            var housing = (Guid)(await rent.Content.ReadFromJsonAsync<JsonObject>())!["categoryId"]!;
            (await client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 3200, occurredOn = "2026-02-27" })).Dispose();
            (await client.PutAsJsonAsync($"/budgets/2026-03/{housing}", new { amount = 1000 })).Dispose();
            var before = await UpgradeAnswers.ReadAllAsync(client, Reads);

            await using (var db = TestDatabase.Inspect(database))
            {
                await db.MigrateAndDistributeAsync();
            }

            Assert.That(await UpgradeAnswers.ReadAllAsync(client, Reads), Is.EqualTo(before));
            var feed = (await client.GetFromJsonAsync<JsonObject>("/changes"))!["changes"]!.AsArray();
            Assert.That(feed.Select(c => (string)c!["transaction"]!["description"]!), Is.EquivalentTo(new[] { "Rent", "Salary" }));
            using var created = await client.PostAsJsonAsync(
                "/recurring", new { template = new { type = "expense", amount = 950, description = "Rent", categoryId = housing }, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-04-01" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            Assert.That((string?)(await created.Content.ReadFromJsonAsync<JsonObject>())!["template"]!["category"], Is.EqualTo("Housing"));
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }
}
