using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cashman.Api.Recurring;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cashman.Tests.Integration.Recurring;

/// <summary>
/// SPEC "Recurring transactions": the background posting, driven by a fake clock (never by sleeping). The fixture has a
/// database of its own, because a posting pass posts for every user of its database by its own clock; each test starts
/// an API on it with the clock where it needs it, and erases its users at the end.
/// </summary>
public sealed class RecurringPostingTests
{
    private string _database = null!;
    private CashmanApiFactory? _api;
    private WebApplicationFactory<Program>? _host;
    private LogCapture _logs = new();

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await TestDatabase.CreateEmptyDatabaseAsync("recurring", forApi: false);
        await using var db = TestDatabase.Inspect(_database);
        await db.MigrateAndDistributeAsync();
    }

    [OneTimeTearDown]
    public Task DropDatabaseAsync() => TestDatabase.DropDatabaseAsync(_database);

    [TearDown]
    public async Task EraseUsersAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            // What the API logged above Information explains a failed pass (a user's posting that threw).
            foreach (var entry in _logs.Entries.Where(e => e.Level >= LogLevel.Warning))
            {
                await TestContext.Out.WriteLineAsync(entry.Everything);
            }
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        (_api, _host) = (null, null);

        await using var db = TestDatabase.Inspect(_database);
        foreach (var user in await db.Users.Select(u => u.Id).ToListAsync())
        {
            await db.EraseAccountAsync(user, CancellationToken.None);
        }
    }

    [Test]
    public async Task TheThirtyFirstOrTheMonthsLastDayIsPostedInEveryMonthOfALeapYear()
    {
        var client = await StartAsync(At(2025, 1, 1), "UTC");
        var rule = await CreateRuleAsync(client, "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "2024-01-01");
        Assert.That(await PassAsync(), Is.EqualTo(12));
        Assert.That(await PostedDaysAsync(client, rule), Is.EqualTo(new[]
        {
            "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30",
            "2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31",
        }));
    }

    [Test]
    public async Task TheLastDayOfFebruaryIsThe28thOrThe29th()
    {
        var client = await StartAsync(At(2025, 3, 1), "UTC");
        var rule = await CreateRuleAsync(client, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "2023-01-01");
        await PassAsync();
        Assert.That(await PostedDaysAsync(client, rule), Is.EqualTo(new[] { "2023-02-28", "2024-02-29", "2025-02-28" }));
    }

    [Test]
    public async Task EveryOtherFridayIsPostedFromTheFirstFriday()
    {
        var client = await StartAsync(At(2026, 3, 1), "UTC");
        var rule = await CreateRuleAsync(client, "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "2026-01-02");
        await PassAsync();
        Assert.That(await PostedDaysAsync(client, rule), Is.EqualTo(new[] { "2026-01-02", "2026-01-16", "2026-01-30", "2026-02-13", "2026-02-27" }));
    }

    [Test]
    public async Task ARuleStartedInThePastIsBackfilledWithEachDaysOwnDateOnce()
    {
        var client = await StartAsync(At(2026, 3, 15, 10), "UTC");
        var rule = await CreateRuleAsync(client, "FREQ=MONTHLY;BYMONTHDAY=1", "2025-12-01");
        Assert.That(await PassAsync(), Is.EqualTo(4));
        Assert.That(await PassAsync(), Is.Zero, "a second pass finds nothing due");
        var list = (await client.GetFromJsonAsync<PagedResponseOf>("/expenses?sort=occurredOn"))!;
        Assert.That(list.Items.Select(i => (i.OccurredOn.ToString("yyyy-MM-dd"), i.ExternalId)), Is.EqualTo(new[]
        {
            ("2025-12-01", $"recurring:{rule}:2025-12-01"), ("2026-01-01", $"recurring:{rule}:2026-01-01"),
            ("2026-02-01", $"recurring:{rule}:2026-02-01"), ("2026-03-01", $"recurring:{rule}:2026-03-01"),
        }));
        var read = (await client.GetFromJsonAsync<RecurringResponse>($"/recurring/{rule}"))!;
        Assert.That(read.NextOn, Is.EqualTo(new DateOnly(2026, 4, 1)));
    }

    [Test]
    public async Task EveryDayMissedWhileTheServiceWasStoppedFor40DaysIsPostedWithItsDate()
    {
        var client = await StartAsync(At(2026, 3, 15, 10), "UTC");
        var rule = await CreateRuleAsync(client, "FREQ=DAILY", "2026-03-15");
        Assert.That(await PassAsync(), Is.EqualTo(1));

        // Stopped: the clock moves 40 days on and no pass runs; then the service is back.
        _api!.Clock.Advance(TimeSpan.FromDays(40));
        Assert.That(await PassAsync(), Is.EqualTo(40));
        var days = await PostedDaysAsync(client, rule);
        var expected = Enumerable.Range(0, 41).Select(i => new DateOnly(2026, 3, 15).AddDays(i).ToString("yyyy-MM-dd")).ToList();
        Assert.That(days, Is.EqualTo(expected));
    }

    [Test]
    public async Task APostedTransactionThatWasDeletedStaysDeleted()
    {
        var client = await StartAsync(At(2026, 3, 3, 10), "UTC");
        var rule = await CreateRuleAsync(client, "FREQ=DAILY", "2026-03-01");
        await PassAsync();
        var list = (await client.GetFromJsonAsync<PagedResponseOf>("/expenses?sort=occurredOn"))!;
        var second = list.Items[1];
        Assert.That((await client.DeleteAsync($"/expenses/{second.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        _api!.Clock.Advance(TimeSpan.FromDays(2));
        Assert.That(await PassAsync(), Is.EqualTo(2));
        Assert.That(await PostedDaysAsync(client, rule), Is.EqualTo(new[] { "2026-03-01", "2026-03-03", "2026-03-04", "2026-03-05" }));
        var occurrences = (await client.GetFromJsonAsync<OccurrenceListResponse>($"/recurring/{rule}/occurrences?from=2026-03-02&to=2026-03-02"))!;
        Assert.That(occurrences.Items.Single().Status, Is.EqualTo("posted"));
    }

    [Test]
    public async Task SkippedAndOverriddenDaysArePostedAsTheUserSaid()
    {
        var client = await StartAsync(At(2026, 3, 1, 10), "UTC");
        var rule = await CreateRuleAsync(client, "FREQ=DAILY", "2026-03-02");
        (await client.PutAsJsonAsync($"/recurring/{rule}/occurrences/2026-03-03", new { skip = true })).Dispose();
        (await client.PutAsJsonAsync($"/recurring/{rule}/occurrences/2026-03-04", new { amount = 12.5, description = "Bigger" })).Dispose();
        _api!.Clock.Advance(TimeSpan.FromDays(4));
        Assert.That(await PassAsync(), Is.EqualTo(3));
        var list = (await client.GetFromJsonAsync<PagedResponseOf>("/expenses?sort=occurredOn"))!;
        Assert.That(list.Items.Select(i => (i.OccurredOn.ToString("yyyy-MM-dd"), i.Amount, i.Description)), Is.EqualTo(new[]
        {
            ("2026-03-02", -9.99m, "Streaming"), ("2026-03-04", -12.50m, "Bigger"), ("2026-03-05", -9.99m, "Streaming"),
        }));
    }

    [Test]
    public async Task ARuleWithoutAutoPostIsNeverPostedInTheBackground()
    {
        var client = await StartAsync(At(2026, 3, 15, 10), "UTC");
        await CreateRuleAsync(client, "FREQ=DAILY", "2026-03-01", autoPost: false);
        Assert.That(await PassAsync(), Is.Zero);
        var due = (await client.GetFromJsonAsync<DueListResponse>("/recurring/due"))!;
        Assert.That(due.Items, Has.Count.EqualTo(15));
    }

    [Test]
    public async Task ATemplateWhoseAccountWasArchivedLeavesItsDaysDueAndTriesAgainInAnHour()
    {
        var client = await StartAsync(At(2026, 3, 15, 10), "UTC");
        using var created = await client.PostAsJsonAsync("/accounts", new { name = "Card" });
        var card = (await created.Content.ReadFromJsonAsync<AccountId>())!.Id;
        using var response = await client.PostAsJsonAsync(
            "/recurring", new { template = new { type = "expense", amount = 5, description = "Gym", accountId = card }, rule = "FREQ=DAILY", startsOn = "2026-03-14" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var rule = (await response.Content.ReadFromJsonAsync<RecurringResponse>())!.Id;
        using var archived = await client.PutAsJsonAsync($"/accounts/{card}", new { name = "Card", archived = true });
        Assert.That(archived.StatusCode, Is.EqualTo(HttpStatusCode.OK), await archived.Content.ReadAsStringAsync());

        Assert.That(await PassAsync(), Is.Zero);
        var due = (await client.GetFromJsonAsync<DueListResponse>("/recurring/due"))!;
        Assert.That(due.Items.Select(d => d.Date), Is.EqualTo(new[] { new DateOnly(2026, 3, 14), new DateOnly(2026, 3, 15) }));
        await using (var db = TestDatabase.Inspect(_database))
        {
            var nextDueAt = await db.RecurringTransactions.Where(r => r.Id == rule).Select(r => r.NextDueAt).SingleAsync();
            Assert.That(nextDueAt, Is.GreaterThan(_api!.Clock.GetUtcNow().AddMinutes(59)));
        }

        (await client.PutAsJsonAsync($"/accounts/{card}", new { name = "Card", archived = false })).Dispose();
        _api!.Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await PassAsync(), Is.EqualTo(2));
    }

    [TestCase("2026-03-28T22:59:59Z", "2026-03-28")]
    [TestCase("2026-03-28T23:00:00Z", "2026-03-29")] // midnight, winter time (UTC+1)
    [TestCase("2026-03-29T21:59:59Z", "2026-03-29")]
    [TestCase("2026-03-29T22:00:00Z", "2026-03-30")] // midnight, summer time (UTC+2), the day after the change
    [TestCase("2026-10-24T22:00:00Z", "2026-10-25")]
    [TestCase("2026-10-25T22:59:59Z", "2026-10-25")] // the day of the change back has 25 hours
    [TestCase("2026-10-25T23:00:00Z", "2026-10-26")]
    public async Task InBerlinEachDayIsPostedWhenItBeginsThereAcrossDaylightSavingChanges(string now, string lastPosted) =>
        await AssertLastPostedAsync("Europe/Berlin", now, lastPosted);

    [TestCase("2026-04-04T10:59:59Z", "2026-04-04")]
    [TestCase("2026-04-04T11:00:00Z", "2026-04-05")] // midnight, daylight time (UTC+13); clocks go back at 03:00 that day
    [TestCase("2026-04-05T11:59:59Z", "2026-04-05")]
    [TestCase("2026-04-05T12:00:00Z", "2026-04-06")] // midnight, standard time (UTC+12)
    [TestCase("2026-09-26T12:00:00Z", "2026-09-27")] // clocks go forward at 02:00 that day
    [TestCase("2026-09-27T10:59:59Z", "2026-09-27")]
    [TestCase("2026-09-27T11:00:00Z", "2026-09-28")]
    public async Task InAucklandEachDayIsPostedWhenItBeginsThereAcrossDaylightSavingChanges(string now, string lastPosted) =>
        await AssertLastPostedAsync("Pacific/Auckland", now, lastPosted);

    [TestCase("2026-06-09T11:59:59Z", "2026-06-09")]
    [TestCase("2026-06-09T12:00:00Z", "2026-06-10")] // a user whose midnight is noon in UTC (UTC+12 all year)
    public async Task AUserWhoseMidnightIsNoonInUtcHasTheirDayPostedAtNoonUtc(string now, string lastPosted) =>
        await AssertLastPostedAsync("Etc/GMT-12", now, lastPosted);

    [Test]
    public async Task TheBackgroundServicePostsADayWithinAMinuteOfItsBeginning()
    {
        var client = await StartAsync(At(2026, 5, 31, 23, 59), "UTC", withService: true);
        var rule = await CreateRuleAsync(client, "FREQ=MONTHLY;BYMONTHDAY=1", "2026-06-01");
        Assert.That(await PostedDaysAsync(client, rule), Is.Empty);

        // The service's timer runs on the fake clock: a minute on, it has looked at least once since midnight.
        _api!.Clock.Advance(TimeSpan.FromMinutes(1));
        var waited = Stopwatch.StartNew();
        while ((await PostedDaysAsync(client, rule)).Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100); // waits for the service's pass to finish, in real time; the day began on the fake clock
        }

        Assert.That(await PostedDaysAsync(client, rule), Is.EqualTo(new[] { "2026-06-01" }));
    }

    [Test]
    public async Task TwoHostsPostingAtOnceWriteEachDayOnce()
    {
        var client = await StartAsync(At(2026, 3, 31, 10), "UTC");
        var rules = new List<(HttpClient Client, Guid Rule)>();
        for (var user = 0; user < 6; user++)
        {
            var owner = user == 0 ? client : await SignUpAsync(_api!, "UTC");
            foreach (var rule in new[] { "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;BYMONTHDAY=-1" })
            {
                rules.Add((owner, await CreateRuleAsync(owner, rule, "2026-01-01")));
            }
        }

        await using var second = new CashmanApiFactory(TestDatabase.ForApi(_database), start: _api!.Clock.GetUtcNow());
        var first = _host!.Services.GetRequiredService<RecurringPosting>();
        var other = second.Services.GetRequiredService<RecurringPosting>();
        var posted = await Task.WhenAll(first.RunAsync(CancellationToken.None), other.RunAsync(CancellationToken.None), first.RunAsync(CancellationToken.None));

        // 90 days of January to March, 26 Mondays and Thursdays, 3 month ends, for each of 6 users.
        Assert.That(posted.Sum(), Is.EqualTo(6 * (90 + 26 + 3)));
        foreach (var (owner, rule) in rules)
        {
            var days = await PostedDaysAsync(owner, rule);
            Assert.That(days, Is.Unique);
        }
    }

    private async Task AssertLastPostedAsync(string zone, string now, string lastPosted)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var client = await StartAsync(at.AddDays(-3), zone);
        var rule = await CreateRuleAsync(client, "FREQ=DAILY", DateOnly.FromDateTime(at.UtcDateTime).AddDays(-5).ToString("yyyy-MM-dd"));
        _api!.Clock.SetUtcNow(at);
        await PassAsync();
        Assert.That((await PostedDaysAsync(client, rule))[^1], Is.EqualTo(lastPosted));
    }

    private static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>
    /// An API on the fixture's database with its clock at <paramref name="now"/> (with the background service when asked),
    /// and a new user of <paramref name="zone"/> signed in.
    /// </summary>
    private async Task<HttpClient> StartAsync(DateTimeOffset now, string zone, bool withService = false)
    {
        _api = new CashmanApiFactory(TestDatabase.ForApi(_database), start: now);
        _logs = new LogCapture();
        _host = _api.WithWebHostBuilder(b =>
        {
            b.ConfigureLogging(l => l.AddProvider(_logs));
            if (withService)
            {
                b.ConfigureTestServices(s => s.AddHostedService<RecurringPostingService>());
            }
        });
        return await SignUpAsync(_host, zone);
    }

    private static async Task<HttpClient> SignUpAsync(WebApplicationFactory<Program> api, string zone)
    {
        var client = api.CreateClient();
        var email = $"recurring-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/auth/register", new { email, password = IntegrationTest.Password, timeZone = zone });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = IntegrationTest.Password });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;

        // An API key, which does not expire as the tests move the clock by days.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var key = await client.PostAsJsonAsync("/auth/api-keys", new { name = "tests" });
        client.DefaultRequestHeaders.Authorization = null;
        client.DefaultRequestHeaders.Add("X-API-Key", (await key.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>())!.Key);
        return client;
    }

    private static async Task<Guid> CreateRuleAsync(HttpClient client, string rule, string startsOn, bool autoPost = true)
    {
        using var response = await client.PostAsJsonAsync(
            "/recurring", new { template = new { type = "expense", amount = 9.99, description = "Streaming" }, rule, startsOn, autoPost });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecurringResponse>())!.Id;
    }

    private Task<int> PassAsync() => _host!.Services.GetRequiredService<RecurringPosting>().RunAsync(CancellationToken.None);

    /// <summary>The days of the owner's transactions that <paramref name="rule"/> posted, by their external ids, in order.</summary>
    private static async Task<List<string>> PostedDaysAsync(HttpClient client, Guid rule)
    {
        var days = new List<string>();
        for (var page = 1; ; page++)
        {
            var list = (await client.GetFromJsonAsync<PagedResponseOf>($"/expenses?sort=occurredOn&pageSize=100&page={page}"))!;
            foreach (var item in list.Items.Where(i => i.ExternalId?.StartsWith($"recurring:{rule}:", StringComparison.Ordinal) == true))
            {
                Assert.That(item.ExternalId, Is.EqualTo($"recurring:{rule}:{item.OccurredOn:yyyy-MM-dd}"));
                days.Add(item.OccurredOn.ToString("yyyy-MM-dd"));
            }

            if (page >= list.TotalPages)
            {
                return days;
            }
        }
    }

    private sealed record PagedResponseOf(List<TransactionResponse> Items, int TotalPages);

    private sealed record AccountId(Guid Id);
}
