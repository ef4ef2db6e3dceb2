using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Recurring;

/// <summary>
/// SPEC "Scale": two API processes on one database, both posting recurring transactions every second by the real clock,
/// post each day once. The database is the fixture's own, so that the processes find only these users' rules.
/// </summary>
public sealed class RecurringReplicasTests
{
    private const string SigningKey = "recurring-replicas-signing-key-0123456789abcdef";

    [Test]
    public async Task TwoApiProcessesPostingAtOnceWriteEveryMissedDayExactlyOnce()
    {
        var database = await TestDatabase.CreateEmptyDatabaseAsync("replicas", forApi: false);
        try
        {
            await using (var db = TestDatabase.Inspect(database))
            {
                await db.MigrateAndDistributeAsync();
            }

            var settings = new Dictionary<string, string> { ["RateLimiting__AuthPerMinute"] = "1000", ["Recurring__Interval"] = "00:00:01" };
            await using var first = await RunningApi.StartAsync(TestDatabase.ForApi(database), SigningKey, settings);
            await using var second = await RunningApi.StartAsync(TestDatabase.ForApi(database), SigningKey, settings);

            // Twenty days missed, for each of 3 rules of 5 users: the rules end yesterday, whatever time it is.
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            for (var user = 0; user < 5; user++)
            {
                using var client = await SignUpAsync(user % 2 == 0 ? first : second);
                foreach (var description in new[] { "Coffee", "Lunch", "Bus" })
                {
                    using var created = await client.PostAsJsonAsync("/recurring", new
                    {
                        template = new { type = "expense", amount = 3, description },
                        rule = "FREQ=DAILY",
                        startsOn = today.AddDays(-20).ToString("yyyy-MM-dd"),
                        endsOn = today.AddDays(-1).ToString("yyyy-MM-dd"),
                    });
                    Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
                }
            }

            const int expected = 5 * 3 * 20;
            var waited = Stopwatch.StartNew();
            long posted;
            do
            {
                await Task.Delay(200); // waits for the processes' passes, which run on their own timers
                posted = await CountAsync(database, db => db.Transactions.LongCountAsync());
            }
            while (posted < expected && waited.Elapsed < TimeSpan.FromSeconds(60));

            // A second more: a pass that would post a day twice has had its chance.
            await Task.Delay(1500);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await CountAsync(database, db => db.Transactions.LongCountAsync()), Is.EqualTo(expected), first.Output + second.Output);
                Assert.That(await CountAsync(database, db => db.RecurringOccurrences.LongCountAsync()), Is.EqualTo(expected));
                Assert.That(first.Output + second.Output, Does.Not.Contain("failed; retrying"));
            }
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(database);
        }
    }

    private static async Task<long> CountAsync(string database, Func<CashmanDbContext, Task<long>> count)
    {
        await using var db = TestDatabase.Inspect(database);
        return await count(db);
    }

    private static async Task<HttpClient> SignUpAsync(RunningApi api)
    {
        var client = api.CreateClient();
        var email = $"replica-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/auth/register", new { email, password = IntegrationTest.Password });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), api.Output);
        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = IntegrationTest.Password });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }
}
