using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// The upgrade that adds import profiles carries every row and answer forward: a database filled under the previous
/// schema (accounts with numbers, imports, webhooks) answers the same afterwards, and its numbered accounts receive the
/// statements that name them.
/// </summary>
public sealed class ImportProfilesMigrationTests
{
    private const string PreviousSchema = "20261203032250_AddWebhooks";

    private static readonly string[] Reads =
    [
        "/transactions?pageSize=100", "/balance?groupBy=category", "/balance?groupBy=month", "/accounts", "/categories",
        "/recurring", "/settings", "/webhooks", "/changes",
    ];

    [Test]
    public async Task EveryAnswerIsTheSameAfterTheUpgradeAndProfilesAndStatementsWorkOnTheOldRows()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("profilesupgrade", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
            }

            await using var api = new CashmanApiFactory(TestDatabase.ForApi(database));
            using var client = api.CreateClient();
            await UpgradeAnswers.SignInAsync(client);
            using var giro = await client.PostAsJsonAsync("/accounts", new { name = "Giro", currency = "USD", number = "999988" });
            Assert.That(giro.StatusCode, Is.EqualTo(HttpStatusCode.Created), await giro.Content.ReadAsStringAsync());
            (await client.PostAsJsonAsync("/expenses", new { description = "Rent", amount = 950, category = "Housing", occurredOn = "2026-03-01" })).Dispose();
            using (var import = await client.PostAsync("/imports", new StringContent("occurredOn,description,amount\n2026-03-02,Salary,3200\n", Encoding.UTF8, "text/csv")))
            {
                Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            (await client.PostAsJsonAsync("/webhooks", new { url = "http://127.0.0.1:9/hook" })).Dispose();
            var before = await UpgradeAnswers.ReadAllAsync(client, Reads);

            await using (var db = TestDatabase.Inspect(database))
            {
                await db.MigrateAndDistributeAsync();
            }

            Assert.That(await UpgradeAnswers.ReadAllAsync(client, Reads), Is.EqualTo(before));
            using (var profile = await client.PutAsJsonAsync("/imports/profiles/mine", new { dateColumn = "Datum" }))
            {
                Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.Created), await profile.Content.ReadAsStringAsync());
            }

            var ofx = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Statements", "bank-1.ofx"));
            using var content = new ByteArrayContent(ofx);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-ofx");
            using var statement = await client.PostAsync("/imports", content);
            Assert.That(statement.StatusCode, Is.EqualTo(HttpStatusCode.OK), await statement.Content.ReadAsStringAsync());
            var accounts = (await client.GetFromJsonAsync<JsonObject>("/accounts"))!["items"]!.AsArray();
            Assert.That(accounts.Single(a => (string?)a!["name"] == "Giro")!["balance"]!.ToJsonString(), Is.EqualTo("200.29"));
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }
}
