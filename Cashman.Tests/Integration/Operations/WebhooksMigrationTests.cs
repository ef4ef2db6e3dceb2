using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Webhooks;
using Cashman.Infrastructure.Persistence;
using Cashman.Tests.Integration.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// The upgrade that adds webhooks (and the number of the change that created each transaction) carries every row and
/// answer forward: a database filled under the previous schema answers the same afterwards, its feed is whole, and a
/// row written before the upgrade is delivered as <c>transaction.updated</c> or <c>transaction.deleted</c>, never as new.
/// </summary>
public sealed class WebhooksMigrationTests
{
    private const string PreviousSchema = "20261203005725_AddRecurringTransactions";

    /// <summary>
    /// What is compared across the upgrade. Not <c>/changes</c>: today's code reads the column this migration adds, so it
    /// cannot read the feed of the previous schema; the feed is checked after the upgrade.
    /// </summary>
    private static readonly string[] Reads =
    [
        "/transactions?pageSize=100", "/balance?groupBy=category", "/balance?groupBy=month", "/accounts", "/categories",
        "/recurring", "/recurring/due", "/settings",
    ];

    [Test]
    public async Task EveryAnswerIsTheSameAfterTheUpgradeAndOldRowsAreDeliveredAsUpdatedOrDeleted()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("webhooksupgrade", forApi: false);
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
            var rentId = (string)(await rent.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            using var salary = await client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 3200, occurredOn = "2026-02-27" });
            var salaryId = (string)(await salary.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            using (var batch = await client.PostAsJsonAsync("/transactions/batch", new { items = new[] { new { type = "expense", description = "Bus", amount = 2, externalId = "bus-1" } } }))
            {
                Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            (await client.PostAsJsonAsync("/recurring", new { template = new { type = "expense", amount = 9, description = "Gym" }, rule = "FREQ=MONTHLY", startsOn = "2026-03-01", autoPost = false })).Dispose();
            var before = await UpgradeAnswers.ReadAllAsync(client, Reads);

            await using (var db = TestDatabase.Inspect(database))
            {
                await db.MigrateAndDistributeAsync();
                Assert.That(await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM transactions WHERE created_seq IS NULL").SingleAsync(), Is.EqualTo(3));
            }

            Assert.That(await UpgradeAnswers.ReadAllAsync(client, Reads), Is.EqualTo(before));
            var feed = (await client.GetFromJsonAsync<JsonObject>("/changes"))!["changes"]!.AsArray();
            Assert.That(feed.Select(c => (string)c!["transaction"]!["description"]!), Is.EquivalentTo(new[] { "Rent", "Salary", "Bus" }));

            await using var receiver = await WebhookReceiver.StartAsync();
            using (var hook = await client.PostAsJsonAsync("/webhooks", new { url = receiver.Url().AbsoluteUri }))
            {
                Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hook.Content.ReadAsStringAsync());
            }

            (await client.PutAsJsonAsync($"/expenses/{rentId}", new { description = "Rent March", amount = 950, occurredOn = "2026-03-01" })).Dispose();
            (await client.DeleteAsync($"/incomes/{salaryId}")).Dispose();
            (await client.PostAsJsonAsync("/expenses", new { description = "New", amount = 1 })).Dispose();
            var owner = (Guid)(await client.GetFromJsonAsync<JsonObject>("/auth/me"))!["id"]!;
            await api.Services.GetRequiredService<WebhookDispatcher>().RunAsync(CancellationToken.None, owner);
            Assert.That(receiver.Received.Select(r => r.Type), Is.EqualTo(new[] { "transaction.updated", "transaction.deleted", "transaction.created" }));
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }
}
