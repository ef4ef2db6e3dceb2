using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Recurring;
using Cashman.Api.Transactions;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Recurring;

/// <summary>
/// SPEC "Recurring transactions" through the API, without the background posting (<see cref="RecurringPostingTests"/> has
/// it): rules, templates, occurrences, skipping, overriding, posting by hand. The fixture's clock reads 2026-03-15 10:00 UTC.
/// Rules that post by themselves start in 2030 here: API processes that other fixtures start on this database post by the
/// real clock.
/// </summary>
public sealed class RecurringTests : IntegrationTest
{
    private static readonly object Rent = new { type = "expense", amount = 950, description = "Rent", category = "Housing" };

    [Test]
    public async Task ACreatedRuleAnswersItsTemplateScheduleAndNextDayWithLocationAndETag()
    {
        using var response = await Client.PostAsJsonAsync("/recurring", new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2030-04-01" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = (await response.Content.ReadFromJsonAsync<RecurringResponse>(Json))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri($"{CashmanApiFactory.PublicBaseUrl}/recurring/{created.Id}")));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(created.Template.Type, Is.EqualTo("expense"));
            Assert.That(created.Template.Amount, Is.EqualTo(-950m), "stored as the expense it posts");
            Assert.That(created.Template.Currency, Is.EqualTo("USD"));
            Assert.That(created.Template.Category, Is.EqualTo("Housing"));
            Assert.That(created.Template.CategoryId, Is.Not.Null, "the path found or created a category");
            Assert.That(created.Rule, Is.EqualTo("FREQ=MONTHLY;BYMONTHDAY=1"));
            Assert.That(created.StartsOn, Is.EqualTo(new DateOnly(2030, 4, 1)));
            Assert.That(created.EndsOn, Is.Null);
            Assert.That(created.AutoPost, Is.True, "the default");
            Assert.That(created.NextOn, Is.EqualTo(new DateOnly(2030, 4, 1)));
        }

        var categories = await Client.GetFromJsonAsync<JsonObject>("/categories");
        Assert.That(categories!["items"]!.AsArray().Select(c => (string)c!["path"]!), Is.EquivalentTo(new[] { "Housing" }));
        var read = await Client.GetFromJsonAsync<RecurringResponse>($"/recurring/{created.Id}", Json);
        Assert.That(read, Is.EqualTo(created with { Version = read!.Version }));
        var list = await Client.GetFromJsonAsync<RecurringListResponse>("/recurring", Json);
        Assert.That(list!.Items.Select(r => r.Id), Is.EqualTo(new[] { created.Id }));
    }

    [Test]
    public async Task AnIdempotencyKeyReplaysTheCreatedRuleAndCreatesOnlyOne()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { template = Rent, rule = "FREQ=MONTHLY", startsOn = "2030-01-01", autoPost = false };
        var answers = new List<RecurringResponse>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/recurring") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await Client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            answers.Add((await response.Content.ReadFromJsonAsync<RecurringResponse>(Json))!);
        }

        Assert.That(answers[1].Id, Is.EqualTo(answers[0].Id));
        Assert.That((await Client.GetFromJsonAsync<RecurringListResponse>("/recurring", Json))!.Items, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WithoutCredentialsEveryRecurringEndpointIsA401()
    {
        var id = Guid.NewGuid();
        foreach (var response in new[]
        {
            await Anonymous.GetAsync("/recurring"),
            await Anonymous.PostAsJsonAsync("/recurring", new { template = Rent, rule = "FREQ=DAILY" }),
            await Anonymous.GetAsync($"/recurring/{id}"),
            await Anonymous.PutAsJsonAsync($"/recurring/{id}", new { template = Rent, rule = "FREQ=DAILY" }),
            await Anonymous.DeleteAsync($"/recurring/{id}"),
            await Anonymous.GetAsync($"/recurring/{id}/occurrences"),
            await Anonymous.PutAsJsonAsync($"/recurring/{id}/occurrences/2026-01-01", new { skip = true }),
            await Anonymous.PostAsync($"/recurring/{id}/occurrences/2026-01-01/post", null),
            await Anonymous.GetAsync("/recurring/due"),
        })
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.That(response.Headers.WwwAuthenticate, Is.Not.Empty);
        }
    }

    [Test]
    public async Task WithoutStartsOnTheRuleStartsTodayInTheUsersZone()
    {
        // 10:00 UTC on the 15th is already the 16th on Kiritimati (UTC+14).
        (await Client.PutAsJsonAsync("/settings", new { timeZone = "Pacific/Kiritimati" })).Dispose();
        var created = await CreateRuleAsync(new { template = Rent, rule = "FREQ=DAILY", autoPost = false });
        Assert.That(created.StartsOn, Is.EqualTo(new DateOnly(2026, 3, 16)));
    }

    [TestCase("FREQ=HOURLY")]
    [TestCase("FREQ=MINUTELY;INTERVAL=5")]
    [TestCase("FREQ=MONTHLY;BYMONTHDAY=32")]
    [TestCase("FREQ=MONTHLY;COUNT=0")]
    [TestCase("DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY")]
    [TestCase("DTSTART=20260101;FREQ=DAILY")]
    [TestCase("FREQ=DAILY;BYHOUR=9")]
    [TestCase("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")]
    [TestCase("FREQ=FORTNIGHTLY")]
    [TestCase("not a rule")]
    [TestCase("")]
    public async Task ARuleThatIsInvalidTooFrequentOrNeverProducesADayIsA400NamingRule(string rule)
    {
        using var response = await Client.PostAsJsonAsync("/recurring", new { template = Rent, rule, startsOn = "2026-04-01" });
        await AssertValidationProblemAsync(response, "rule");
        Assert.That((await Client.GetFromJsonAsync<RecurringListResponse>("/recurring", Json))!.Items, Is.Empty);
    }

    [Test]
    public async Task TenKibibytesOfRuleAreA400NamingRule()
    {
        using var response = await Client.PostAsJsonAsync("/recurring", new { template = Rent, rule = "FREQ=DAILY;" + new string('X', 10 * 1024) });
        await AssertValidationProblemAsync(response, "rule");
    }

    [Test]
    public async Task ARuleWhoseDaysAllFallAfterEndsOnIsA400NamingRule()
    {
        using var response = await Client.PostAsJsonAsync("/recurring", new { template = Rent, rule = "FREQ=YEARLY;BYMONTH=12", startsOn = "2026-01-01", endsOn = "2026-06-30" });
        await AssertValidationProblemAsync(response, "rule");
    }

    [Test]
    public async Task TemplateFieldsAreCheckedAsTheTransactionTheyPostAndNamedUnderTemplate()
    {
        using var income = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "income", amount = -5, description = "x" }, rule = "FREQ=DAILY" });
        await AssertValidationProblemAsync(income, "template.amount");
        using var account = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "expense", amount = 5, description = "x", accountId = Guid.NewGuid() }, rule = "FREQ=DAILY" });
        await AssertValidationProblemAsync(account, "template.accountId");
        using var type = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "gift", amount = 5, description = "x" }, rule = "FREQ=DAILY" });
        await AssertValidationProblemAsync(type, "template.type");
        using var decimals = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "expense", amount = 5.001, description = "x" }, rule = "FREQ=DAILY" });
        Assert.That(decimals.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var control = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "expense", amount = 5, description = "a\u0001b" }, rule = "FREQ=DAILY" });
        await AssertValidationProblemAsync(control, "template.description");
        using var missing = await Client.PostAsJsonAsync("/recurring", new { rule = "FREQ=DAILY" });
        await AssertValidationProblemAsync(missing, "template");
        using var both = await Client.PostAsJsonAsync("/recurring", new { template = Rent, rule = "FREQ=DAILY;BYHOUR=1", startsOn = "1899-12-31" });
        var problem = await AssertValidationProblemAsync(both, "rule");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("startsOn"), "every invalid field at once");
        using var ends = await Client.PostAsJsonAsync("/recurring", new { template = Rent, rule = "FREQ=DAILY", startsOn = "2026-05-01", endsOn = "2026-04-01" });
        await AssertValidationProblemAsync(ends, "endsOn");
    }

    [Test]
    public async Task AnotherUsersCategoryOrAccountInATemplateIsA400()
    {
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        using var theirs = await other.PostAsJsonAsync("/categories", new { name = "Theirs" });
        var categoryId = (Guid)(await ReadObjectAsync(theirs))["id"]!;
        using var response = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "expense", amount = 5, description = "x", categoryId }, rule = "FREQ=DAILY" });
        await AssertValidationProblemAsync(response, "template.categoryId");
    }

    [Test]
    public async Task ATransferTemplateNeedsItsDestinationAndKeepsBothAmounts()
    {
        var savings = await CreateAccountAsync("Savings", "EUR");
        using var missing = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "transfer", amount = 100 }, rule = "FREQ=MONTHLY" });
        await AssertValidationProblemAsync(missing, "template.toAccountId");
        using var noToAmount = await Client.PostAsJsonAsync("/recurring", new { template = new { type = "transfer", amount = 100, toAccountId = savings }, rule = "FREQ=MONTHLY" });
        await AssertValidationProblemAsync(noToAmount, "template.toAmount");
        var created = await CreateRuleAsync(new { template = new { type = "transfer", amount = 100, toAccountId = savings, toAmount = 92.5 }, rule = "FREQ=MONTHLY", autoPost = false });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.Template.Type, Is.EqualTo("transfer"));
            Assert.That(created.Template.Description, Is.EqualTo("Transfer"));
            Assert.That(created.Template.ToAccountId, Is.EqualTo(savings));
            Assert.That(created.Template.ToAmount, Is.EqualTo(92.5m));
            Assert.That(created.Template.ToCurrency, Is.EqualTo("EUR"));
        }

        var posted = await PostDayAsync(created.Id, "2026-03-15");
        Assert.That((posted.Type, posted.ToAccountId, posted.ToAmount), Is.EqualTo(("transfer", (Guid?)savings, (decimal?)92.50m)));
    }

    [Test]
    public async Task OccurrencesShowEachDayOfTheRangeAsDueOrUpcomingOnTheUsersToday()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=-1", startsOn = "2026-01-01", autoPost = false });
        var items = await OccurrencesAsync(rule.Id, "?from=2026-01-01&to=2026-06-30");
        Assert.That(items.Select(i => (i.Date.ToString("yyyy-MM-dd"), i.Status)), Is.EqualTo(new[]
        {
            ("2026-01-31", "due"), ("2026-02-28", "due"), ("2026-03-31", "upcoming"), ("2026-04-30", "upcoming"), ("2026-05-31", "upcoming"), ("2026-06-30", "upcoming"),
        }));
        Assert.That(items.Select(i => i.Amount).Distinct(), Is.EqualTo(new[] { -950m }));

        // Without a range: from today, a year.
        var ahead = await OccurrencesAsync(rule.Id, string.Empty);
        Assert.That((ahead[0].Date, ahead[^1].Date, ahead.Count), Is.EqualTo((new DateOnly(2026, 3, 31), new DateOnly(2027, 2, 28), 12)));
    }

    [TestCase("?from=2026-01-01&to=2027-01-02", "to")]
    [TestCase("?from=2026-02-01&to=2026-01-01", "to")]
    [TestCase("?from=2026-02-30", "from")]
    [TestCase("?limit=5", "limit")]
    [TestCase("?from=9999-12-31&to=10000-01-01", "to")]
    public async Task ABadOccurrenceRangeIsA400NamingIt(string query, string field)
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=DAILY", startsOn = "2026-01-01", autoPost = false });
        using var response = await Client.GetAsync($"/recurring/{rule.Id}/occurrences{query}");
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task TheLastDaysOfTheCalendarAreAnsweredNotFailed()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=DAILY", startsOn = "2026-01-01", autoPost = false });
        var items = await OccurrencesAsync(rule.Id, "?from=9999-12-01&to=9999-12-31");
        Assert.That(items, Has.Count.LessThanOrEqualTo(31));
        Assert.That(await OccurrencesAsync(rule.Id, "?from=9999-12-31"), Has.Count.LessThanOrEqualTo(1));
        Assert.That(await OccurrencesAsync(rule.Id, "?to=0001-01-01"), Is.Empty);
        var yearTo = await OccurrencesAsync(rule.Id, "?to=2026-12-31");
        Assert.That((yearTo[0].Date, yearTo.Count), Is.EqualTo((new DateOnly(2026, 1, 1), 365)), "only to: the year up to it");
        await AssertProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/9999-12-31", new { skip = true }), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task PostingADayByHandCreatesItsTransactionOnceWithTheRecurringExternalId()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-01-01", autoPost = false });
        using var response = await Client.PostAsync($"/recurring/{rule.Id}/occurrences/2026-02-01/post", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var posted = (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri($"{CashmanApiFactory.PublicBaseUrl}/expenses/{posted.Id}")));
            Assert.That(response.Headers.Contains("Cashman-Change-Cursor"), Is.True);
            Assert.That(posted.ExternalId, Is.EqualTo($"recurring:{rule.Id}:2026-02-01"));
            Assert.That(posted.OccurredOn, Is.EqualTo(new DateOnly(2026, 2, 1)));
            Assert.That((posted.Amount, posted.Description, posted.Category), Is.EqualTo((-950m, "Rent", "Housing")));
        }

        using var again = await Client.PostAsync($"/recurring/{rule.Id}/occurrences/2026-02-01/post", null);
        await AssertProblemAsync(again, HttpStatusCode.Conflict);

        // Deleted, it stays posted: it is never posted again.
        (await Client.DeleteAsync($"/expenses/{posted.Id}")).Dispose();
        using var afterDelete = await Client.PostAsync($"/recurring/{rule.Id}/occurrences/2026-02-01/post", null);
        await AssertProblemAsync(afterDelete, HttpStatusCode.Conflict);
        var items = await OccurrencesAsync(rule.Id, "?from=2026-01-01&to=2026-03-31");
        Assert.That(items.Select(i => (i.Status, i.TransactionId)), Is.EqualTo(new[] { ("due", (Guid?)null), ("posted", (Guid?)posted.Id), ("due", null) }));
        var due = await Client.GetFromJsonAsync<DueListResponse>("/recurring/due", Json);
        Assert.That(due!.Items.Select(d => d.Date), Is.EqualTo(new[] { new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 1) }));
    }

    [Test]
    public async Task ATransactionThatAlreadyHasTheDaysExternalIdIsNotPostedAgain()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-01-01", autoPost = false });
        await CreateAsync("expenses", new { description = "Rent, paid by hand", amount = 950, occurredOn = "2026-01-01", externalId = $"recurring:{rule.Id}:2026-01-01" });
        using var response = await Client.PostAsync($"/recurring/{rule.Id}/occurrences/2026-01-01/post", null);
        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.That((string?)problem["detail"], Does.Contain($"recurring:{rule.Id}:2026-01-01"));
        var expenses = await Client.GetFromJsonAsync<JsonObject>("/expenses");
        Assert.That((int)expenses!["totalItems"]!, Is.EqualTo(1));
    }

    [Test]
    public async Task ADayThatIsNotTheRulesIsA404AndAMalformedDateA400()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-01-01", autoPost = false });
        await AssertProblemAsync(await Client.PostAsync($"/recurring/{rule.Id}/occurrences/2026-02-02/post", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Client.PostAsync($"/recurring/{rule.Id}/occurrences/2025-12-01/post", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/2026-02-02", new { skip = true }), HttpStatusCode.NotFound);
        await AssertValidationProblemAsync(await Client.PostAsync($"/recurring/{rule.Id}/occurrences/2026-02-30/post", null), "date");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/01-02-2026", new { skip = true }), "date");
    }

    [Test]
    public async Task SkippingTheNextDayMovesNextOnPastItAndPostingItAgainBringsItBack()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-01-01", autoPost = false });
        var skipped = await SetOccurrenceAsync(rule.Id, "2026-01-01", new { skip = true });
        Assert.That(skipped.Status, Is.EqualTo("skipped"));
        Assert.That((await GetRuleAsync(rule.Id)).NextOn, Is.EqualTo(new DateOnly(2026, 2, 1)));
        var due = await Client.GetFromJsonAsync<DueListResponse>("/recurring/due", Json);
        Assert.That(due!.Items.Select(d => d.Date), Is.EqualTo(new[] { new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1) }));
        Assert.That((await PostDayAsync(rule.Id, "2026-01-01")).OccurredOn, Is.EqualTo(new DateOnly(2026, 1, 1)), "a skipped day can still be posted by hand");

        var back = await SetOccurrenceAsync(rule.Id, "2026-02-01", new { skip = true });
        Assert.That(back.Status, Is.EqualTo("skipped"));
        var unskipped = await SetOccurrenceAsync(rule.Id, "2026-02-01", new { skip = false });
        Assert.That(unskipped.Status, Is.EqualTo("due"));
        Assert.That((await GetRuleAsync(rule.Id)).NextOn, Is.EqualTo(new DateOnly(2026, 2, 1)));
    }

    [Test]
    public async Task AnOverrideChangesWhatOneDayPostsAndIsCheckedLikeATransaction()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-01-01", autoPost = false });
        var changed = await SetOccurrenceAsync(rule.Id, "2026-04-01", new { amount = 1000, description = "Rent and heating" });
        Assert.That((changed.Status, changed.Amount, changed.Description), Is.EqualTo(("upcoming", -1000m, "Rent and heating")));
        var onlyText = await SetOccurrenceAsync(rule.Id, "2026-04-01", new { description = "Rent, heating" });
        Assert.That((onlyText.Amount, onlyText.Description), Is.EqualTo((-1000m, "Rent, heating")), "an absent field keeps the override's");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/2026-04-01", new { amount = 0.001 }), "amount");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/2026-04-01", new { description = " " }), "description");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/2026-04-01", new { skip = true, amount = 5 }), "skip");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/2026-04-01", new { }), "skip");

        var posted = await PostDayAsync(rule.Id, "2026-04-01");
        Assert.That((posted.Amount, posted.Description, posted.OccurredOn), Is.EqualTo((-1000m, "Rent, heating", new DateOnly(2026, 4, 1))));
        var items = await OccurrencesAsync(rule.Id, "?from=2026-04-01&to=2026-05-01");
        Assert.That(items.Select(i => (i.Status, i.Amount)), Is.EqualTo(new[] { ("posted", -1000m), ("upcoming", -950m) }));
        await AssertProblemAsync(await Client.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/2026-04-01", new { skip = true }), HttpStatusCode.Conflict);
    }

    [Test]
    public async Task ChangingTheTemplateOrRuleChangesNoPostedTransactionAndGoesOnAfterTheLastPostedDay()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-01-01", autoPost = false });
        var january = await PostDayAsync(rule.Id, "2026-01-01");
        using var current = await Client.GetAsync($"/recurring/{rule.Id}");
        Assert.That(current.Headers.ETag, Is.Not.EqualTo(new EntityTagHeaderValue($"\"{rule.Version}\"")), "posting moved nextOn, so the rule changed");
        using var response = await SendIfMatchAsync(
            HttpMethod.Put, $"/recurring/{rule.Id}", current.Headers.ETag!.Tag,
            new { template = new { type = "expense", amount = 990, description = "Rent 2026" }, rule = "FREQ=MONTHLY;BYMONTHDAY=15", startsOn = "2026-01-01", autoPost = false });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var updated = (await response.Content.ReadFromJsonAsync<RecurringResponse>(Json))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.Template.Amount, Is.EqualTo(-990m));
            Assert.That(updated.Template.Category, Is.Null);
            Assert.That(updated.NextOn, Is.EqualTo(new DateOnly(2026, 1, 15)), "after the last posted day, not from startsOn again");
        }

        var stored = await Client.GetFromJsonAsync<TransactionResponse>($"/expenses/{january.Id}", Json);
        Assert.That((stored!.Amount, stored.Description, stored.UpdatedAt), Is.EqualTo((-950m, "Rent", january.UpdatedAt)));
        await AssertProblemAsync(await SendIfMatchAsync(HttpMethod.Put, $"/recurring/{rule.Id}", current.Headers.ETag!.Tag, new { template = Rent, rule = "FREQ=DAILY" }), HttpStatusCode.PreconditionFailed);
    }

    [Test]
    public async Task DeletingARuleKeepsTheTransactionsItPosted()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2026-01-01", autoPost = false });
        var posted = await PostDayAsync(rule.Id, "2026-01-01");
        await AssertProblemAsync(await SendIfMatchAsync(HttpMethod.Delete, $"/recurring/{rule.Id}", "\"00000000-0000-0000-0000-000000000000\""), HttpStatusCode.PreconditionFailed);
        using var deleted = await Client.DeleteAsync($"/recurring/{rule.Id}");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await Client.GetAsync($"/recurring/{rule.Id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Client.DeleteAsync($"/recurring/{rule.Id}"), HttpStatusCode.NotFound);
        Assert.That((await Client.GetAsync($"/expenses/{posted.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await CountTestRowsAsync("recurring_occurrences"), Is.Zero);
    }

    [Test]
    public async Task AnotherUsersRuleIsNotFoundWhateverTheyAsk()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY", startsOn = "2026-01-01", autoPost = false });
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        foreach (var response in new[]
        {
            await other.GetAsync($"/recurring/{rule.Id}"),
            await other.PutAsJsonAsync($"/recurring/{rule.Id}", new { template = Rent, rule = "FREQ=DAILY" }),
            await other.DeleteAsync($"/recurring/{rule.Id}"),
            await other.GetAsync($"/recurring/{rule.Id}/occurrences"),
            await other.PutAsJsonAsync($"/recurring/{rule.Id}/occurrences/2026-01-01", new { skip = true }),
            await other.PostAsync($"/recurring/{rule.Id}/occurrences/2026-01-01/post", null),
        })
        {
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.That((await other.GetFromJsonAsync<DueListResponse>("/recurring/due", Json))!.Items, Is.Empty);
        Assert.That((await other.GetFromJsonAsync<RecurringListResponse>("/recurring", Json))!.Items, Is.Empty);
    }

    [Test]
    public async Task TheListHasAnETagThatChangesWithARule()
    {
        await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY", autoPost = false });
        using var first = await Client.GetAsync("/recurring");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/recurring");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        Assert.That((await Client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        await CreateRuleAsync(new { template = Rent, rule = "FREQ=WEEKLY", autoPost = false });
        using var second = await Client.GetAsync("/recurring");
        Assert.That(second.Headers.ETag, Is.Not.EqualTo(first.Headers.ETag));
    }

    [Test]
    public async Task MergingACategoryMovesItsRulesAndDeletingOneInUseByARuleNeedsReassignTo()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY", autoPost = false });
        using var created = await Client.PostAsJsonAsync("/categories", new { name = "Home" });
        var home = (Guid)(await ReadObjectAsync(created))["id"]!;
        await AssertProblemAsync(await Client.DeleteAsync($"/categories/{rule.Template.CategoryId}"), HttpStatusCode.Conflict);
        using var merged = await Client.PostAsJsonAsync($"/categories/{rule.Template.CategoryId}/merge", new { intoId = home });
        Assert.That(merged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await merged.Content.ReadAsStringAsync());
        var moved = await GetRuleAsync(rule.Id);
        Assert.That((moved.Template.CategoryId, moved.Template.Category), Is.EqualTo(((Guid?)home, "Home")));

        using var none = await Client.DeleteAsync($"/categories/{home}?reassignTo=none");
        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await none.Content.ReadAsStringAsync());
        var cleared = await GetRuleAsync(rule.Id);
        Assert.That((cleared.Template.CategoryId, cleared.Template.Category), Is.EqualTo(((Guid?)null, (string?)null)));
    }

    [Test]
    public async Task ARenamedCategoryShowsItsNewPathInTheTemplate()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY", autoPost = false });
        (await Client.PutAsJsonAsync($"/categories/{rule.Template.CategoryId}", new { name = "Home" })).Dispose();
        Assert.That((await GetRuleAsync(rule.Id)).Template.Category, Is.EqualTo("Home"));
    }

    [Test]
    public async Task AnAccountARuleUsesIsDeletedOnlyByMovingTheRuleWithIt()
    {
        var cash = await CreateAccountAsync("Cash", "USD");
        var wallet = await CreateAccountAsync("Wallet", "USD");
        var rule = await CreateRuleAsync(new { template = new { type = "expense", amount = 5, description = "Coffee", accountId = cash }, rule = "FREQ=DAILY", autoPost = false });
        await AssertProblemAsync(await Client.DeleteAsync($"/accounts/{cash}"), HttpStatusCode.Conflict);
        using var moved = await Client.DeleteAsync($"/accounts/{cash}?moveTo={wallet}");
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await moved.Content.ReadAsStringAsync());
        Assert.That((await GetRuleAsync(rule.Id)).Template.AccountId, Is.EqualTo(wallet));
    }

    [Test]
    public async Task ChangingTheTimeZoneMovesTheInstantTheNextDayIsDue()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY;BYMONTHDAY=1", startsOn = "2030-04-01" });
        Assert.That(await NextDueAtAsync(rule.Id), Is.EqualTo(new DateTimeOffset(2030, 4, 1, 0, 0, 0, TimeSpan.Zero)));
        using var settings = await Client.PutAsJsonAsync("/settings", new { timeZone = "Europe/Berlin" });
        Assert.That(settings.StatusCode, Is.EqualTo(HttpStatusCode.OK), await settings.Content.ReadAsStringAsync());
        Assert.That(await NextDueAtAsync(rule.Id), Is.EqualTo(new DateTimeOffset(2030, 3, 31, 22, 0, 0, TimeSpan.Zero)), "midnight in Berlin, summer time");
    }

    [Test]
    public async Task ARuleThatPostsByHandHasNoDueInstantForTheBackgroundToFind()
    {
        var rule = await CreateRuleAsync(new { template = Rent, rule = "FREQ=MONTHLY", startsOn = "2026-01-01", autoPost = false });
        Assert.That(await NextDueAtAsync(rule.Id), Is.Null);
    }

    private async Task<DateTimeOffset?> NextDueAtAsync(Guid id)
    {
        await using var db = TestDatabase.Inspect();
        return await db.RecurringTransactions.Where(r => r.UserId == OwnerId && r.Id == id).Select(r => r.NextDueAt).SingleAsync();
    }

    private async Task<RecurringResponse> CreateRuleAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/recurring", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RecurringResponse>(Json))!;
    }

    private async Task<RecurringResponse> GetRuleAsync(Guid id) => (await Client.GetFromJsonAsync<RecurringResponse>($"/recurring/{id}", Json))!;

    private async Task<List<OccurrenceResponse>> OccurrencesAsync(Guid id, string query)
    {
        using var response = await Client.GetAsync($"/recurring/{id}/occurrences{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<OccurrenceListResponse>(Json))!.Items];
    }

    private async Task<OccurrenceResponse> SetOccurrenceAsync(Guid id, string date, object body)
    {
        using var response = await Client.PutAsJsonAsync($"/recurring/{id}/occurrences/{date}", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OccurrenceResponse>(Json))!;
    }

    private async Task<TransactionResponse> PostDayAsync(Guid id, string date)
    {
        using var response = await Client.PostAsync($"/recurring/{id}/occurrences/{date}/post", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
    }

    private async Task<Guid> CreateAccountAsync(string name, string currency)
    {
        using var response = await Client.PostAsJsonAsync("/accounts", new { name, currency });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (Guid)(await ReadObjectAsync(response))["id"]!;
    }
}
