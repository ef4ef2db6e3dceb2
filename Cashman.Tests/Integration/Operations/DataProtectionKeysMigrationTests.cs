using System.Net;
using System.Net.Http.Json;
using Cashman.Infrastructure.Persistence;
using Cashman.Tests.Integration.Web;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// The upgrade that adds the web client's key table carries every row and answer forward: a database filled under the
/// previous schema answers the same afterwards, and its users sign in to the web client and see their own month.
/// </summary>
public sealed class DataProtectionKeysMigrationTests
{
    private const string PreviousSchema = "20261203062046_AddImportProfiles";

    private static readonly string[] Reads =
    [
        "/transactions?pageSize=100", "/balance?groupBy=month", "/accounts", "/categories", "/settings", "/imports/profiles", "/changes",
    ];

    [Test]
    public async Task EveryAnswerIsTheSameAfterTheUpgradeAndAnEarlierUserSignsInToTheWebClient()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("webupgrade", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
            }

            await using var api = new CashmanApiFactory(TestDatabase.ForApi(database));
            using var client = api.CreateClient();
            var email = await UpgradeAnswers.SignInAsync(client);
            (await client.PostAsJsonAsync("/incomes", new { description = "Salary", amount = 3200, occurredOn = "2026-03-01" })).Dispose();
            (await client.PostAsJsonAsync("/expenses", new { description = "Rent", amount = 950, category = "Housing", occurredOn = "2026-03-02" })).Dispose();
            (await client.PutAsJsonAsync("/imports/profiles/mine", new { dateColumn = "Datum" })).Dispose();
            var before = await UpgradeAnswers.ReadAllAsync(client, Reads);

            await using (var db = TestDatabase.Inspect(database))
            {
                await db.MigrateAndDistributeAsync();
            }

            Assert.That(await UpgradeAnswers.ReadAllAsync(client, Reads), Is.EqualTo(before));
            var browser = new PageClient(api.CreateClient(PageClient.Options));
            await browser.GetAsync("/app/login");
            var signedIn = await browser.PostAsync("/app/login", [new("Email", email), new("Password", UpgradeAnswers.Password)]);
            Assert.That(signedIn.Status, Is.EqualTo(HttpStatusCode.Redirect), signedIn.Text);
            var dashboard = await browser.GetAsync("/app?month=2026-03");
            Assert.That(dashboard.TextOf("total-net"), Is.EqualTo("2,250.00 USD"));
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }
}
