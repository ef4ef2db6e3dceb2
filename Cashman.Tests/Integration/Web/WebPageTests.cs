using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Web;

/// <summary>What the pages do, through the same services as the API: every write also seen through the API.</summary>
public sealed class WebPageTests : WebTest
{
    [Test]
    public async Task AddingAnIncomeAndAnExpenseChangesTheDashboardTotals()
    {
        var browser = await SignInAsync();
        var before = await browser.GetAsync("/app?month=2026-03");
        Assert.That(before.TextOf("total-income"), Is.EqualTo("0.00 USD"));

        await browser.SubmitAsync("/app/transactions/new?type=income", "/app/transactions/new",
            ("Type", "income"), ("Amount", "2500"), ("Description", "Salary"), ("OccurredOn", "2026-03-01"));
        var saved = await browser.SubmitAsync("/app/transactions/new?type=expense", "/app/transactions/new",
            ("Type", "expense"), ("Amount", "40.5"), ("Description", "Groceries"), ("Category", "Food"), ("OccurredOn", "2026-03-02"));
        Assert.That(saved.TextOf("main"), Does.Contain("Saved: Groceries, -40.50 USD."));

        var after = await browser.GetAsync("/app?month=2026-03");
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.Html, Does.Not.Contain("Please check"), "no error box on a good page");
        Assert.That(after.TextOf("total-income"), Is.EqualTo("2,500.00 USD"));
        Assert.That(after.TextOf("total-expenses"), Is.EqualTo("-40.50 USD"));
        Assert.That(after.TextOf("total-net"), Is.EqualTo("2,459.50 USD"));
        Assert.That(after.TextOf("budgets"), Does.Contain("Food"));
        Assert.That(after.TextOf("account-balances"), Does.Contain("2,459.50 USD"));

        var balance = await Client.GetFromJsonAsync<JsonObject>("/balance?from=2026-03-01&to=2026-03-31");
        Assert.That((decimal)balance!["balance"]!, Is.EqualTo(2459.50m));
    }

    [Test]
    public async Task TheChartDrawsTwelveMonthsToScaleWithTheFiguresBeside()
    {
        await CreateAsync("incomes", new { description = "Salary", amount = 1000, occurredOn = "2026-03-01" });
        await CreateAsync("expenses", new { description = "Rent", amount = 500, occurredOn = "2026-03-02" });
        await CreateAsync("incomes", new { description = "Old", amount = 250, occurredOn = "2025-04-30" });
        await CreateAsync("incomes", new { description = "Too old", amount = 9999, occurredOn = "2025-03-31" });

        var page = await (await SignInAsync()).GetAsync("/app?month=2026-03");

        var bars = System.Text.RegularExpressions.Regex.Matches(page.Html, "<rect class=\"bar-(in|out)\"[^>]* height=\"([0-9.]+)\"")
            .Select(m => (m.Groups[1].Value, double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.That(bars, Has.Count.EqualTo(24));
        Assert.That(bars[22], Is.EqualTo(("in", 180.0)), "March's income is the tallest bar");
        Assert.That(bars[23], Is.EqualTo(("out", 90.0)));
        Assert.That(bars[0], Is.EqualTo(("in", 45.0)), "April 2025 is the first month; March 2025 is not drawn");
        Assert.That(page.Html, Does.Contain("<title id=\"chart-title\">"));
    }

    [Test]
    public async Task AMissingRateIsNamedOnTheDashboardAndLeftOutOfTheTotals()
    {
        var account = await Client.PostAsJsonAsync("/accounts", new { name = "Yen", currency = "JPY" });
        var yen = (await account.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        await CreateAsync("expenses", new { description = "Sushi", amount = 3000, accountId = yen, occurredOn = "2026-03-05" });
        await CreateAsync("expenses", new { description = "Lunch", amount = 12, occurredOn = "2026-03-05" });

        var page = await (await SignInAsync()).GetAsync("/app?month=2026-03");

        Assert.That(page.TextOf("missing-rates"), Does.Contain("JPY on 2026-03-05"));
        Assert.That(page.TextOf("total-expenses"), Is.EqualTo("-12.00 USD"));
    }

    [Test]
    public async Task AnEditMadeElsewhereInBetweenIsShownNotOverwritten()
    {
        var created = await CreateAsync("expenses", new { description = "Coffee", amount = 3, occurredOn = "2026-03-05" });
        var browser = await SignInAsync();
        var form = await browser.GetAsync($"/app/transactions/expense/{created.Id}");
        Assert.That(form.Html, Does.Contain("value=\"Coffee\""));

        // Someone changes it through the API while the form is open.
        var changed = await Client.PutAsJsonAsync($"/expenses/{created.Id}", new { description = "Coffee and cake", amount = 7, occurredOn = "2026-03-05" });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var version = System.Text.RegularExpressions.Regex.Match(form.Html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
        var stale = await browser.PostAsync($"/app/transactions/expense/{created.Id}",
            [new("Type", "expense"), new("Amount", "4"), new("Description", "Tea"), new("Version", version), new("OccurredOn", "2026-03-05")]);

        Assert.That(stale.Status, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(stale.Text, Does.Contain("changed elsewhere"));
        Assert.That(stale.Html, Does.Contain("value=\"Coffee and cake\"").And.Contain("value=\"7.00\""));
        var stored = await Client.GetFromJsonAsync<JsonObject>($"/expenses/{created.Id}");
        Assert.That(stored!["description"]!.ToString(), Is.EqualTo("Coffee and cake"));

        // Saved again from the form as it is now, it goes through.
        var fresh = System.Text.RegularExpressions.Regex.Match(stale.Html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
        var saved = await browser.PostAsync($"/app/transactions/expense/{created.Id}",
            [new("Type", "expense"), new("Amount", "4"), new("Description", "Tea"), new("Version", fresh), new("OccurredOn", "2026-03-05")]);
        Assert.That(saved.Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>($"/expenses/{created.Id}"))!["amount"]!.GetValue<decimal>(), Is.EqualTo(-4m));
    }

    [Test]
    public async Task DeletingWithAStaleVersionChangesNothingAndWithTheCurrentOneDeletes()
    {
        var created = await CreateAsync("incomes", new { description = "Gift", amount = 20, occurredOn = "2026-03-05" });
        var browser = await SignInAsync();
        await Client.PutAsJsonAsync($"/incomes/{created.Id}", new { description = "Gift!", amount = 20, occurredOn = "2026-03-05" });

        var stale = await browser.SubmitAsync($"/app/transactions/income/{created.Id}", $"/app/transactions/income/{created.Id}/delete", ("Version", created.Version.ToString()));
        Assert.That(stale.Status, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That((await Client.GetAsync($"/incomes/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var current = await Client.GetFromJsonAsync<JsonObject>($"/incomes/{created.Id}");
        var deleted = await browser.SubmitAsync($"/app/transactions/income/{created.Id}", $"/app/transactions/income/{created.Id}/delete", ("Version", current!["version"]?.ToString() ?? VersionOf(stale.Html)));
        Assert.That(deleted.TextOf("main"), Does.Contain("Deleted."));
        Assert.That((await Client.GetAsync($"/incomes/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AnotherUsersTransactionIsNotFoundOnThePages()
    {
        var others = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        var theirs = await (await others.PostAsJsonAsync("/expenses", new { description = "Secret", amount = 9 })).Content.ReadFromJsonAsync<JsonObject>();
        var browser = await SignInAsync();

        var page = await browser.GetAsync($"/app/transactions/expense/{theirs!["id"]}");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Html, Does.Not.Contain("Secret"));
        await browser.GetAsync("/app/transactions");
        var delete = await browser.PostAsync($"/app/transactions/expense/{theirs["id"]}/delete", [new("Version", "")]);
        Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await others.GetAsync($"/expenses/{theirs["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("Amount", "12,50", "amount")]
    [TestCase("Amount", "1e3", "amount")]
    [TestCase("Amount", "0.001", "amount")]
    [TestCase("Amount", "", "amount")]
    [TestCase("Description", "", "description")]
    [TestCase("Description", "tab\there", "description")]
    [TestCase("OccurredOn", "1899-12-31", "occurredOn")]
    [TestCase("OccurredOn", "31/12/2026", "OccurredOn")]
    [TestCase("AccountId", "not-a-guid", "AccountId")]
    public async Task ABadFieldIsNamedBesideTheFormWithA400AndNothingIsStored(string field, string value, string named)
    {
        var browser = await SignInAsync();
        var fields = new Dictionary<string, string> { ["Type"] = "expense", ["Amount"] = "5", ["Description"] = "Lunch", [field] = value };
        await browser.GetAsync("/app/transactions/new");

        var page = await browser.PostAsync("/app/transactions/new", fields);

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest), page.Text);
        Assert.That(page.TextOf("main"), Does.Contain(named + ":").IgnoreCase);
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/expenses"))!["totalItems"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task TheListFiltersAndPagesLikeTheApiAndNamesABadFilter()
    {
        for (var i = 1; i <= 25; i++)
        {
            await CreateAsync("expenses", new { description = $"Bus {i}", amount = i, occurredOn = $"2026-02-{i:00}" });
        }

        await CreateAsync("incomes", new { description = "Refund", amount = 3, occurredOn = "2026-02-10" });
        var browser = await SignInAsync();

        var first = await browser.GetAsync("/app/transactions?type=expense");
        Assert.That(first.TextOf("list-summary"), Is.EqualTo("25 transactions, page 1 of 2."));
        Assert.That(first.Html, Does.Contain("href=\"/app/transactions?type=expense&amp;page=2\""));
        var second = await browser.GetAsync("/app/transactions?type=expense&page=2");
        Assert.That(second.TextOf("transactions"), Does.Contain("Bus 5").And.Not.Contain("Bus 6 "));

        var filtered = await browser.GetAsync("/app/transactions?q=bus%201&minAmount=12");
        Assert.That(filtered.TextOf("list-summary"), Is.EqualTo("8 transactions."));

        foreach (var bad in new[] { "from=2026-13-01", "sort=amount;drop", "minAmount=-1", "page=0", "limit=5", "type=loan" })
        {
            var page = await browser.GetAsync("/app/transactions?" + bad);
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest), bad);
            Assert.That(page.TextOf("main"), Does.Contain(bad.Split('=')[0]), bad);
            Assert.That(page.Html, Does.Not.Contain("id=\"transactions\""), bad);
        }
    }

    [Test]
    public async Task AccountsAndATransferBetweenThemMoveBothBalances()
    {
        var browser = await SignInAsync();
        var added = await browser.SubmitAsync("/app/accounts", "/app/accounts", ("Name", "Savings"), ("Kind", "savings"), ("Currency", "USD"), ("OpeningBalance", "100"));
        Assert.That(added.TextOf("main"), Does.Contain("Account Savings added."));
        var accounts = (await Client.GetFromJsonAsync<JsonObject>("/accounts"))!["items"]!.AsArray();
        var main = accounts.Single(a => a!["name"]!.ToString() == "Main")!["id"]!.ToString();
        var savings = accounts.Single(a => a!["name"]!.ToString() == "Savings")!["id"]!.ToString();

        var moved = await browser.SubmitAsync("/app/accounts", "/app/transfers", ("AccountId", savings), ("ToAccountId", main), ("Amount", "30"), ("OccurredOn", "2026-03-10"));

        Assert.That(moved.TextOf("main"), Does.Contain("Transferred 30.00 USD."));
        Assert.That(moved.TextOf("accounts"), Does.Contain("70.00 USD").And.Contain("30.00 USD"));
        var same = await browser.SubmitAsync("/app/accounts", "/app/transfers", ("AccountId", main), ("ToAccountId", main), ("Amount", "1"));
        Assert.That(same.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var duplicate = await browser.SubmitAsync("/app/accounts", "/app/accounts", ("Name", "savings"), ("Kind", "cash"));
        Assert.That(duplicate.Status, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task AnAccountIsRenamedAndArchivedWithItsVersionAndDeletedWhenEmpty()
    {
        var browser = await SignInAsync();
        await browser.SubmitAsync("/app/accounts", "/app/accounts", ("Name", "Cash"), ("Kind", "cash"));
        var cash = (await Client.GetFromJsonAsync<JsonObject>("/accounts"))!["items"]!.AsArray().Single(a => a!["name"]!.ToString() == "Cash")!["id"]!.ToString();
        var form = await browser.GetAsync($"/app/accounts/{cash}");
        var version = VersionOf(form.Html);

        var saved = await browser.PostAsync($"/app/accounts/{cash}", [new("Name", "Wallet"), new("Kind", "cash"), new("Currency", "USD"), new("Archived", "true"), new("Version", version)]);
        Assert.That(saved.Location, Is.EqualTo("/app/accounts"));
        var wallet = await Client.GetFromJsonAsync<JsonObject>($"/accounts/{cash}");
        Assert.That(wallet!["name"]!.ToString(), Is.EqualTo("Wallet"));
        Assert.That(wallet["archived"]!.GetValue<bool>(), Is.True);

        var stale = await browser.PostAsync($"/app/accounts/{cash}", [new("Name", "Purse"), new("Kind", "cash"), new("Currency", "USD"), new("Version", version)]);
        Assert.That(stale.Status, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(stale.Html, Does.Contain("value=\"Wallet\""), "shown as it is now");

        var main = (await Client.GetFromJsonAsync<JsonObject>("/settings"))!["defaultAccountId"]!.ToString();
        var mainForm = await browser.GetAsync($"/app/accounts/{main}");
        var theDefault = await browser.PostAsync($"/app/accounts/{main}/delete", [new("Version", VersionOf(mainForm.Html))]);
        Assert.That(theDefault.Status, Is.EqualTo(HttpStatusCode.Conflict));

        var deleted = await browser.SubmitAsync($"/app/accounts/{cash}", $"/app/accounts/{cash}/delete", ("Version", VersionOf(stale.Html)));
        Assert.That(deleted.TextOf("main"), Does.Contain("Account deleted."));
        Assert.That((await Client.GetAsync($"/accounts/{cash}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task LastMonthsBudgetsAreCopiedAndARuleIsDeletedLeavingWhatItPosted()
    {
        await CreateAsync("expenses", new { description = "Groceries", amount = 50, category = "Food", occurredOn = "2026-02-03" });
        var food = (await Client.GetFromJsonAsync<JsonObject>("/categories"))!["items"]!.AsArray().Single()!["id"]!.ToString();
        (await Client.PutAsJsonAsync($"/budgets/2026-02/{food}", new { amount = 250 })).Dispose();
        var browser = await SignInAsync();

        var copied = await browser.SubmitAsync("/app/budgets?month=2026-03", "/app/budgets/2026-03/copy?from=2026-02");
        Assert.That(copied.TextOf("main"), Does.Contain("Budgets copied from 2026-02."));
        Assert.That((decimal)(await Client.GetFromJsonAsync<JsonObject>("/budgets/2026-03"))!["totalBudgeted"]!, Is.EqualTo(250m));
        var badMonth = await browser.SubmitAsync("/app/budgets", "/app/budgets/2026-13/copy?from=2026-02");
        Assert.That(badMonth.Status, Is.EqualTo(HttpStatusCode.BadRequest));

        await browser.SubmitAsync("/app/recurring", "/app/recurring", ("Type", "expense"), ("Amount", "5"), ("Description", "Coffee club"), ("Rule", "FREQ=WEEKLY"), ("StartsOn", "2026-03-01"), ("AutoPost", "false"));
        var rule = (await Client.GetFromJsonAsync<JsonObject>("/recurring"))!["items"]!.AsArray().Single()!["id"]!.ToString();
        await browser.SubmitAsync("/app/recurring", $"/app/recurring/{rule}/occurrences/2026-03-01/post");
        var deleted = await browser.SubmitAsync("/app/recurring", $"/app/recurring/{rule}/delete");

        Assert.That(deleted.TextOf("main"), Does.Contain("Rule deleted; what it posted stays."));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/recurring"))!["items"]!.AsArray(), Is.Empty);
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/expenses?q=coffee"))!["totalItems"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task ABudgetShowsWhatIsLeftAfterTheMonthsSpending()
    {
        await CreateAsync("expenses", new { description = "Groceries", amount = 120, category = "Food", occurredOn = "2026-03-03" });
        var category = (await Client.GetFromJsonAsync<JsonObject>("/categories"))!["items"]!.AsArray().Single()!["id"]!.ToString();
        var browser = await SignInAsync();

        var set = await browser.SubmitAsync("/app/budgets?month=2026-03", $"/app/budgets/2026-03/{category}", ("Amount", "300"));

        Assert.That(set.TextOf("main"), Does.Contain("Budget for Food: 300.00 USD."));
        Assert.That(set.TextOf("total-available"), Is.EqualTo("180.00 USD left"));
        var budget = await Client.GetFromJsonAsync<JsonObject>("/budgets/2026-03");
        Assert.That((decimal)budget!["totalAvailable"]!, Is.EqualTo(180m));
        var dashboard = await browser.GetAsync("/app?month=2026-03");
        Assert.That(dashboard.TextOf("budgets"), Does.Contain("300.00 USD").And.Contain("180.00 USD"));

        var negative = await browser.SubmitAsync("/app/budgets?month=2026-03", $"/app/budgets/2026-03/{category}", ("Amount", "-1"));
        Assert.That(negative.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var removed = await browser.SubmitAsync("/app/budgets?month=2026-03", $"/app/budgets/2026-03/{category}", ("Amount", ""));
        Assert.That(removed.TextOf("main"), Does.Contain("Budget removed."));
    }

    [Test]
    public async Task CategoriesAreAddedRenamedAndDeletedWithTheirTransactionsReassigned()
    {
        var browser = await SignInAsync();
        await browser.SubmitAsync("/app/budgets", "/app/categories?month=2026-03", ("Name", "Home"), ("Rollover", "none"));
        var home = (await Client.GetFromJsonAsync<JsonObject>("/categories"))!["items"]!.AsArray().Single()!;
        await browser.SubmitAsync("/app/budgets", "/app/categories?month=2026-03", ("Name", "Rent"), ("ParentId", home["id"]!.ToString()));
        var rent = await CreateAsync("expenses", new { description = "March rent", amount = 900, category = "Home/Rent" });
        var rentCategory = rent.CategoryId!.Value;

        var renamed = await browser.SubmitAsync($"/app/categories/{rentCategory}", $"/app/categories/{rentCategory}",
            ("Name", "Housing"), ("ParentId", home["id"]!.ToString()), ("Rollover", "surplus"), ("Version", VersionOf((await browser.GetAsync($"/app/categories/{rentCategory}")).Html)));
        Assert.That(renamed.TextOf("main"), Does.Contain("Category Home/Housing saved."));

        var inUse = await browser.SubmitAsync($"/app/categories/{rentCategory}", $"/app/categories/{rentCategory}/delete", ("ReassignTo", ""));
        Assert.That(inUse.Status, Is.EqualTo(HttpStatusCode.Conflict));
        var deleted = await browser.SubmitAsync($"/app/categories/{rentCategory}", $"/app/categories/{rentCategory}/delete", ("ReassignTo", "none"));
        Assert.That(deleted.TextOf("main"), Does.Contain("Category deleted."));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>($"/expenses/{rent.Id}"))!["category"], Is.Null);
    }

    [Test]
    public async Task ARecurringRuleShowsItsNextDaysAndADueDayIsPostedOnce()
    {
        var browser = await SignInAsync();
        var added = await browser.SubmitAsync("/app/recurring", "/app/recurring",
            ("Type", "expense"), ("Amount", "15"), ("Description", "Gym"), ("Rule", "FREQ=MONTHLY;BYMONTHDAY=-1"), ("StartsOn", "2026-02-01"));

        Assert.That(added.TextOf("main"), Does.Contain("Rule added: Gym"));
        Assert.That(added.TextOf("rules"), Does.Contain("2026-03-31, 2026-04-30, 2026-05-31"));
        Assert.That(added.TextOf("due"), Does.Contain("2026-02-28 · Gym · -15.00 USD"));
        var rule = (await Client.GetFromJsonAsync<JsonObject>("/recurring"))!["items"]!.AsArray().Single()!["id"]!.ToString();

        var posted = await browser.SubmitAsync("/app/recurring", $"/app/recurring/{rule}/occurrences/2026-02-28/post");
        Assert.That(posted.TextOf("main"), Does.Contain("Posted: Gym, -15.00 USD on 2026-02-28."));
        var again = await browser.SubmitAsync("/app/recurring", $"/app/recurring/{rule}/occurrences/2026-02-28/post");
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/expenses"))!["totalItems"]!.GetValue<int>(), Is.EqualTo(1));

        var bad = await browser.SubmitAsync("/app/recurring", "/app/recurring", ("Type", "expense"), ("Amount", "1"), ("Description", "x"), ("Rule", "FREQ=SECONDLY"), ("StartsOn", "2026-02-01"));
        Assert.That(bad.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bad.TextOf("main"), Does.Contain("rule:").IgnoreCase);
    }

    [Test]
    public async Task SettingsChangeTheBaseCurrencyAndMakeAnApiKeyShownOnceThatWorks()
    {
        var browser = await SignInAsync();
        var main = (await Client.GetFromJsonAsync<JsonObject>("/settings"))!["defaultAccountId"]!.ToString();

        var saved = await browser.SubmitAsync("/app/settings", "/app/settings", ("BaseCurrency", "EUR"), ("TimeZone", "Europe/Berlin"), ("DefaultAccountId", main));
        Assert.That(saved.TextOf("main"), Does.Contain("Settings saved."));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/settings"))!["baseCurrency"]!.ToString(), Is.EqualTo("EUR"));
        var badZone = await browser.SubmitAsync("/app/settings", "/app/settings", ("BaseCurrency", "EUR"), ("TimeZone", "Mars/Olympus"), ("DefaultAccountId", main));
        Assert.That(badZone.Status, Is.EqualTo(HttpStatusCode.BadRequest));

        var created = await browser.SubmitAsync("/app/settings", "/app/settings/api-keys", ("Name", "phone"));
        var key = created.TextOf("new-key")!;
        Assert.That((await ClientWithApiKey(key).GetAsync("/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var later = await browser.GetAsync("/app/settings");
        Assert.That(later.Html, Does.Not.Contain(key), "shown once");

        var id = (await Client.GetFromJsonAsync<JsonArray>("/auth/api-keys"))!.Single()!["id"]!.ToString();
        await browser.SubmitAsync("/app/settings", $"/app/settings/api-keys/{id}/delete");
        Assert.That((await ClientWithApiKey(key).GetAsync("/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task TheDashboardNamesABadMonthAndShowsThisOne()
    {
        var browser = await SignInAsync();
        var page = await browser.GetAsync("/app?month=2026-13");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.TextOf("main"), Does.Contain("month: The month must be a month written YYYY-MM"));
        Assert.That(page.TextOf("totals-heading"), Is.EqualTo("This month in USD"));
        Assert.That((await browser.GetAsync("/app?month=1899-12")).Status, Is.EqualTo(HttpStatusCode.BadRequest), "the budgets' months: 1900-01 to 2999-12");
    }

    [Test]
    public async Task ABankFileIsPreviewedFirstAndStoredOnlyWhenConfirmed()
    {
        var browser = await SignInAsync();
        await browser.GetAsync("/app/import");
        var csv = "Date;Text;Amount\n03.03.2026;Bakery;-4,20\n04.03.2026;Refund;12,00\n05.03.2026;Pending;0,00\n"u8.ToArray();

        var preview = await UploadAsync(browser, csv, "statement.csv",
            ("DateColumn", "Date"), ("DescriptionColumn", "Text"), ("AmountColumn", "Amount"), ("DateFormat", "dd.MM.yyyy"), ("DecimalSeparator", ","), ("Delimiter", ";"));

        Assert.That(preview.Status, Is.EqualTo(HttpStatusCode.OK), preview.Text);
        Assert.That(preview.TextOf("preview-summary"), Does.StartWith("2 to store, 0 already there, 0 deleted before, 1 skipped, 0 invalid."));
        Assert.That(preview.TextOf("preview-rows"), Does.Contain("new expense").And.Contain("-4.20 USD").And.Contain("Refund").And.Contain("skipped"));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/transactions"))!["totalItems"]!.GetValue<int>(), Is.Zero, "a preview stores nothing");

        // The confirmation carries the file and the mapping back.
        var fields = System.Text.RegularExpressions.Regex.Matches(preview.Html, "<input type=\"hidden\" name=\"([A-Za-z]+)\" value=\"([^\"]*)\"")
            .Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .DistinctBy(f => f.Key).Where(f => f.Key != "__RequestVerificationToken").ToList();
        var stored = await browser.PostAsync("/app/import", fields);
        Assert.That(stored.Location, Is.EqualTo("/app/transactions"));
        Assert.That((await browser.GetAsync("/app/transactions")).TextOf("main"), Does.Contain("Imported 2 transactions (0 already there, 1 skipped)."));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/transactions"))!["totalItems"]!.GetValue<int>(), Is.EqualTo(2));

        var again = await UploadAsync(browser, csv, "statement.csv",
            ("DateColumn", "Date"), ("DescriptionColumn", "Text"), ("AmountColumn", "Amount"), ("DateFormat", "dd.MM.yyyy"), ("DecimalSeparator", ","), ("Delimiter", ";"));
        Assert.That(again.TextOf("preview-summary"), Does.StartWith("0 to store, 2 already there"));
        Assert.That(again.Html, Does.Not.Contain("id=\"store\""));
    }

    [Test]
    public async Task ABankFileWithUnreadableRowsListsThemAndStoresNothing()
    {
        var browser = await SignInAsync();
        await browser.GetAsync("/app/import");

        var page = await UploadAsync(browser, "occurredOn,description,amount\n2026-03-01,Fine,-1.00\n2026-13-01,Bad day,-2.00\n"u8.ToArray(), "export.csv");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.TextOf("preview-rows"), Does.Contain("invalid").And.Contain("occurredOn"));
        Assert.That(page.Html, Does.Not.Contain("id=\"store\""));
        var missing = await UploadAsync(browser, [], "empty.csv");
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(missing.TextOf("main"), Does.Contain("Choose a bank file"));
        Assert.That((await Client.GetFromJsonAsync<JsonObject>("/transactions"))!["totalItems"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task ABuiltInBankLayoutReadsItsFileInItsCharset()
    {
        var browser = await SignInAsync();
        await browser.GetAsync("/app/import");
        var file = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Banks", "ing-de.csv"));

        var page = await UploadAsync(browser, file, "ing.csv", ("Profile", "ing-de"));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Text);
        Assert.That(page.TextOf("preview-summary"), Does.Not.StartWith("0 to store"));
        Assert.That(page.TextOf("preview-rows"), Does.Contain("ü").Or.Contain("ä").Or.Contain("ö").Or.Contain("ß"));
    }

    [Test]
    public async Task NoFormOrQueryAClientCanSendIsAnsweredWithA500()
    {
        var browser = await SignInAsync();
        var created = await CreateAsync("expenses", new { description = "Lunch", amount = 9 });
        var category = (await Client.GetFromJsonAsync<JsonObject>("/categories"))!["items"]!.AsArray();
        string[] hostile = ["", " ", "\u0000", "-1", "1e309", "99999999999999999999999999999", "not-a-guid", "2026-02-30", new string('x', 5000), "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "00000000-0000-0000-0000-000000000000"];
        string[] fields = ["Type", "AccountId", "ToAccountId", "Amount", "ToAmount", "Description", "Category", "OccurredOn", "Version", "Name", "Kind", "Currency", "Number", "OpeningBalance", "OpeningDate", "Archived", "MoveTo", "ParentId", "Rollover", "ReassignTo", "Rule", "StartsOn", "EndsOn", "AutoPost", "BaseCurrency", "TimeZone", "DefaultAccountId", "CurrentPassword", "NewPassword", "Content", "Profile", "Charset", "Format", "SkipLines", "Header", "Store", "DateColumn", "Delimiter"];
        string[] actions =
        [
            "/app/transactions/new", $"/app/transactions/expense/{created.Id}", $"/app/transactions/expense/{created.Id}/delete", "/app/accounts", "/app/transfers",
            $"/app/accounts/{Guid.NewGuid()}", "/app/categories", $"/app/budgets/2026-03/{Guid.NewGuid()}", "/app/budgets/2026-13/copy?from=garbage", "/app/recurring",
            $"/app/recurring/{Guid.NewGuid()}/occurrences/2026-99-01/post", $"/app/recurring/{Guid.NewGuid()}/occurrences/2026-01-01/skip", "/app/import", "/app/settings", "/app/settings/api-keys",
        ];
        var random = new Random(25);
        foreach (var action in actions)
        {
            for (var round = 0; round < 6; round++)
            {
                await browser.GetAsync("/app/transactions");
                var form = fields.Select(f => new KeyValuePair<string, string>(f, hostile[random.Next(hostile.Length)])).ToList();
                var answer = await browser.PostAsync(action, form);
                Assert.That((int)answer.Status, Is.LessThan(500), $"{action} with {string.Join("&", form.Select(f => f.Key + "=" + f.Value[..Math.Min(20, f.Value.Length)]))}");
            }
        }

        foreach (var query in new[] { "/app?month=%00", "/app?month=9999-99", "/app/transactions?page=2147483647", "/app/transactions?accountId=x&from=0000-01-01", "/app/budgets?month=-1", $"/app/categories/{Guid.NewGuid()}", $"/app/accounts/{Guid.NewGuid()}", $"/app/transactions/transfer/{Guid.NewGuid()}", "/app/transactions/new?type=%00" })
        {
            Assert.That((int)(await browser.GetAsync(query)).Status, Is.LessThan(500), query);
        }

        Assert.That(category, Is.Not.Null);
    }

    [TestCase("bank-1.ofx", "statement.ofx", "")]
    [TestCase("camt053-v02.xml", "statement.xml", "")]
    [TestCase("bank-1.ofx", "statement.txt", "ofx")]
    public async Task AStatementFileIsReadByItsNameOrTheChosenFormat(string sample, string name, string format)
    {
        var browser = await SignInAsync();
        await browser.GetAsync("/app/import");
        var file = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Statements", sample));
        var main = (await Client.GetFromJsonAsync<JsonObject>("/settings"))!["defaultAccountId"]!.ToString();
        var currency = sample.StartsWith("camt", StringComparison.Ordinal) ? "EUR" : "USD";
        if (currency == "EUR")
        {
            main = (await (await Client.PostAsJsonAsync("/accounts", new { name = "Euro", currency = "EUR" })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        }

        var page = await UploadAsync(browser, file, name, ("Format", format), ("AccountId", main));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Text);
        Assert.That(page.TextOf("preview-rows"), Does.Contain(currency));
    }

    private static async Task<Page> UploadAsync(PageClient browser, byte[] file, string name, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", name);
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        form.Add(new StringContent(browser.Token!), "__RequestVerificationToken");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/app/import") { Content = form };
        var response = await browser.SendAsync(request);
        return new Page(response, await response.Content.ReadAsStringAsync());
    }

    private static string VersionOf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
}
