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
/// Accounts opened without a date under the previous schema's code were stored as opened on 0001-01-01; the upgrade gives
/// each its creation day in its owner's zone and leaves every date a client chose alone.
/// </summary>
public sealed class OpeningDateRepairTests
{
    private const string PreviousSchema = "20261202111606_AddExchangeRates";

    [Test]
    public async Task AnAccountStoredAsOpenedOnDayOneOpensOnItsCreationDayInTheOwnersZone()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("openingdates", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.GetService<IMigrator>().MigrateAsync(PreviousSchema);
            }

            // The factory's clock reads 10:00 UTC on 2026-03-15: 23:00 on the 14th in Pago Pago (UTC-11).
            await using var api = new CashmanApiFactory(TestDatabase.ForApi(database));
            using var client = api.CreateClient();
            var credentials = new { email = $"opened-{Guid.NewGuid():N}@example.com", password = "opened-password-1", timeZone = "Pacific/Pago_Pago" };
            Assert.That((await client.PostAsJsonAsync("/auth/register", credentials)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            using var login = await client.PostAsJsonAsync("/auth/login", new { credentials.email, credentials.password });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string?)(await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]);
            Assert.That((await client.PostAsJsonAsync("/accounts", new { name = "Cash", openingDate = "2020-01-01" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            string? mainTag;
            await using (var db = TestDatabase.Inspect(database))
            {
                // As the previous code stored an account opened without a date.
                await db.Database.ExecuteSqlRawAsync("UPDATE accounts SET opening_date = DATE '0001-01-01' WHERE name = 'Main'");
                mainTag = (await db.Accounts.SingleAsync(a => a.Name == "Main")).Version.ToString();
                await db.MigrateAndDistributeAsync();
            }

            var accounts = (await client.GetFromJsonAsync<JsonObject>("/accounts"))!["items"]!.AsArray();
            var opened = accounts.ToDictionary(a => (string)a!["name"]!, a => (string?)a!["openingDate"]);
            Assert.That(opened, Is.EquivalentTo(new Dictionary<string, string?> { ["Main"] = "2026-03-14", ["Cash"] = "2020-01-01" }));
            await using (var db = TestDatabase.Inspect(database))
            {
                Assert.That((await db.Accounts.SingleAsync(a => a.Name == "Main")).Version.ToString(), Is.Not.EqualTo(mainTag), "a changed answer has a new version");
            }
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }
}
