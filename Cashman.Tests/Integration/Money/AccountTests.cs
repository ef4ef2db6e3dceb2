using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Users;
using Cashman.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Tests.Integration.Money;

/// <summary>Accounts, settings and transfers through the API, with the balances the database keeps.</summary>
public sealed class AccountTests : IntegrationTest
{
    [Test]
    public async Task RegistrationGivesADefaultAccountInTheBaseCurrencyAndSettingsThatNameIt()
    {
        var tokens = await RegisterWithAsync(Email("euro"), "EUR", "Europe/Berlin");
        var client = ClientWithToken(tokens.AccessToken);
        var settings = await GetObjectAsync(client, "/settings");
        var accounts = await GetObjectAsync(client, "/accounts");
        var main = accounts["items"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)settings["baseCurrency"], Is.EqualTo("EUR"));
            Assert.That((string?)settings["timeZone"], Is.EqualTo("Europe/Berlin"));
            Assert.That((string?)settings["defaultAccountId"], Is.EqualTo((string?)main["id"]));
            Assert.That(((string?)main["name"], (string?)main["kind"], (string?)main["currency"]), Is.EqualTo(("Main", "checking", "EUR")));
            Assert.That(main["balance"]!.ToJsonString(), Is.EqualTo("0.00"));
        }
    }

    [TestCase("ABC", "Europe/Berlin", "baseCurrency")]
    [TestCase("eur", "Europe/Berlin", "baseCurrency")]
    [TestCase("EUR", "Mars/Olympus", "timeZone")]
    public async Task RegistrationWithAnUnknownCurrencyOrZoneIsA400NamingIt(string currency, string zone, string field)
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { email = Email("bad"), password = Password, baseCurrency = currency, timeZone = zone });
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task AnAmountIsWrittenWithItsCurrencysDecimalsEverywhere()
    {
        var jpy = await CreateAccountAsync(new { name = "Yen wallet", kind = "cash", currency = "JPY" });
        var bhd = await CreateAccountAsync(new { name = "Manama", currency = "BHD" });
        using var yen = await Client.PostAsJsonAsync("/expenses", new { description = "ramen", amount = 500.0m, accountId = jpy });
        using var dinar = await Client.PostAsJsonAsync("/expenses", new { description = "tea", amount = 5, accountId = bhd });
        Assert.That(yen.StatusCode, Is.EqualTo(HttpStatusCode.Created), await yen.Content.ReadAsStringAsync());
        var yenBody = await ReadObjectAsync(yen);
        var dinarBody = await ReadObjectAsync(dinar);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(yenBody["amount"]!.ToJsonString(), Is.EqualTo("-500"));
            Assert.That((string?)yenBody["currency"], Is.EqualTo("JPY"));
            Assert.That(dinarBody["amount"]!.ToJsonString(), Is.EqualTo("-5.000"));
            var account = await GetObjectAsync(Client, $"/accounts/{jpy}");
            Assert.That(account["balance"]!.ToJsonString(), Is.EqualTo("-500"));
            var csv = await Client.GetStringAsync("/transactions/export?currency=JPY");
            Assert.That(csv, Does.Contain(",-500,"));
            var feed = await GetObjectAsync(Client, "/changes");
            Assert.That(feed.ToJsonString(), Does.Contain("\"amount\":-5.000"));
        }
    }

    [TestCase("500.5", "JPY")]
    [TestCase("0.005", "EUR")]
    public async Task AnAmountWithMoreDecimalsThanItsAccountsCurrencyIsA400(string amount, string currency)
    {
        var account = await CreateAccountAsync(new { name = "In " + currency, currency });
        using var response = await Client.PostAsync("/incomes", JsonBody($"{{\"description\":\"x\",\"amount\":{amount},\"accountId\":\"{account}\"}}"));
        var problem = await AssertValidationProblemAsync(response, "amount");
        Assert.That(problem.ToJsonString(), Does.Contain(currency));
    }

    [Test]
    public async Task AnotherUsersOrAnArchivedOrAnUnknownAccountIsA400NamingAccountId()
    {
        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        var theirs = (Guid)(await GetObjectAsync(other, "/accounts"))["items"]![0]!["id"]!;
        var archived = await CreateAccountAsync(new { name = "Old", archived = true });
        foreach (var accountId in new[] { theirs, archived, Guid.NewGuid() })
        {
            using var response = await Client.PostAsJsonAsync("/incomes", new { description = "x", amount = 1, accountId });
            await AssertValidationProblemAsync(response, "accountId");
        }

        Assert.That((int)(await GetObjectAsync(other, "/transactions"))["totalItems"]!, Is.Zero);
        var names = async (string path) => (await GetObjectAsync(Client, path))["items"]!.AsArray().Select(a => (string?)a!["name"]);
        Assert.That(await names("/accounts"), Is.EqualTo(new[] { "Main" }), "an archived account is listed only when asked for");
        Assert.That(await names("/accounts?archived=true"), Is.EquivalentTo(new[] { "Main", "Old" }));
    }

    [Test]
    public async Task AccountNamesAreUniqueIgnoringCaseAndTheListHasAnETag()
    {
        await CreateAccountAsync(new { name = "Savings", kind = "savings" });
        using var again = await Client.PostAsJsonAsync("/accounts", new { name = "savings " });
        await AssertProblemAsync(again, HttpStatusCode.Conflict);

        using var list = await Client.GetAsync("/accounts");
        var etag = list.Headers.ETag!.Tag;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/accounts");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await Client.SendAsync(conditional);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        await CreateAsync("incomes", new { description = "pay", amount = 10 });
        using var changed = new HttpRequestMessage(HttpMethod.Get, "/accounts");
        changed.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var fresh = await Client.SendAsync(changed);
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a new balance changes the list's tag");
    }

    [Test]
    public async Task AccountNumbersAreUniquePerUserWhileAnotherUserMayHaveTheSame()
    {
        const string iban = "DE89370400440532013000";
        await CreateAccountAsync(new { name = "Giro", number = iban });
        using var again = await Client.PostAsJsonAsync("/accounts", new { name = "Other", number = iban });
        await AssertProblemAsync(again, HttpStatusCode.Conflict);

        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        using var theirs = await other.PostAsJsonAsync("/accounts", new { name = "Giro", number = iban });
        Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.Created), await theirs.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task AStaleIfMatchOnAnAccountIsA412AndChangesNothing()
    {
        var id = await CreateAccountAsync(new { name = "Wallet", kind = "cash" });
        using var read = await Client.GetAsync($"/accounts/{id}");
        var etag = read.Headers.ETag!.Tag;
        using var rename = await SendIfMatchAsync(HttpMethod.Put, $"/accounts/{id}", etag, new { name = "Purse", kind = "cash" });
        Assert.That(rename.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rename.Content.ReadAsStringAsync());

        using var staleRename = await SendIfMatchAsync(HttpMethod.Put, $"/accounts/{id}", etag, new { name = "Bag", kind = "cash" });
        await AssertProblemAsync(staleRename, HttpStatusCode.PreconditionFailed);
        using var staleDelete = await SendIfMatchAsync(HttpMethod.Delete, $"/accounts/{id}", etag);
        await AssertProblemAsync(staleDelete, HttpStatusCode.PreconditionFailed);
        Assert.That((string?)(await GetObjectAsync(Client, $"/accounts/{id}"))["name"], Is.EqualTo("Purse"));
    }

    [Test]
    public async Task AUserHasAtMostAThousandAccounts()
    {
        await using (var db = TestDatabase.Inspect())
        {
            // The default account and as many more as make the limit.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO accounts (id, user_id, name, normalized_name, kind, currency, opening_balance, opening_date, archived, created_at, updated_at)
                SELECT gen_random_uuid(), {OwnerId}, 'Pot ' || n, 'pot ' || n, 'cash', 'USD', 0, DATE '2026-01-01', false, now(), now()
                FROM generate_series(1, {MoneyRules.MaxAccountsPerUser - 1}) AS n
                """);
        }

        using var over = await Client.PostAsJsonAsync("/accounts", new { name = "One too many" });
        await AssertProblemAsync(over, HttpStatusCode.Conflict);
        Assert.That((await GetObjectAsync(Client, "/accounts"))["items"]!.AsArray(), Has.Count.EqualTo(MoneyRules.MaxAccountsPerUser));
    }

    // At 10:30 UTC it is already the next day on Kiritimati (UTC+14) and still the day before in Pago Pago (UTC-11).
    [TestCase("Pacific/Kiritimati", "2026-03-16")]
    [TestCase("UTC", "2026-03-15")]
    [TestCase("Pacific/Pago_Pago", "2026-03-14")]
    public async Task TodayIsTodayInTheUsersTimeZone(string zone, string today)
    {
        var at = new DateTimeOffset(2026, 3, 15, 10, 30, 0, TimeSpan.Zero);
        var now = Factory.Clock.GetUtcNow();
        Assert.That(now, Is.LessThan(at.AddMinutes(10)), "the fixture's clock is still on the morning it starts with");
        if (now < at)
        {
            Factory.Clock.SetUtcNow(at);
        }

        var client = ClientWithToken((await RegisterWithAsync(Email("zone"), "USD", zone)).AccessToken);
        using var created = await client.PostAsJsonAsync("/incomes", new { description = "pay", amount = 10 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var income = await ReadObjectAsync(created);
        var main = (await GetObjectAsync(client, "/accounts"))["items"]![0]!;
        var balances = await GetObjectAsync(client, "/accounts/balances");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)income["occurredOn"], Is.EqualTo(today));
            Assert.That((string?)main["openingDate"], Is.EqualTo(today));
            Assert.That((string?)balances["at"], Is.EqualTo(today));
            Assert.That(balances["total"]!.ToJsonString(), Is.EqualTo("10.00"), "today's income is in today's balance");
        }
    }

    [Test]
    public async Task TheCurrencyCannotChangeUnderTransactionsAndTheDefaultAccountIsNeverDeletedOrArchived()
    {
        var settings = await GetObjectAsync(Client, "/settings");
        var main = (Guid)settings["defaultAccountId"]!;
        await CreateAsync("incomes", new { description = "pay", amount = 10 });
        using var currency = await Client.PutAsJsonAsync($"/accounts/{main}", new { name = "Main", currency = "EUR" });
        await AssertProblemAsync(currency, HttpStatusCode.Conflict);
        using var archive = await Client.PutAsJsonAsync($"/accounts/{main}", new { name = "Main", archived = true });
        await AssertProblemAsync(archive, HttpStatusCode.Conflict);
        using var delete = await Client.DeleteAsync($"/accounts/{main}");
        await AssertProblemAsync(delete, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task DeletingAnAccountWithTransactionsNeedsMoveToOfTheSameCurrencyWhichReceivesThem()
    {
        var cash = await CreateAccountAsync(new { name = "Cash", kind = "cash", openingBalance = 20 });
        var euro = await CreateAccountAsync(new { name = "Euro", currency = "EUR" });
        var main = (Guid)(await GetObjectAsync(Client, "/settings"))["defaultAccountId"]!;
        await CreateAsync("expenses", new { description = "coffee", amount = 3.5m, accountId = cash });

        await AssertProblemAsync(await Client.DeleteAsync($"/accounts/{cash}"), HttpStatusCode.Conflict);
        await AssertValidationProblemAsync(await Client.DeleteAsync($"/accounts/{cash}?moveTo={euro}"), "moveTo");
        using var moved = await Client.DeleteAsync($"/accounts/{cash}?moveTo={main}");
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await moved.Content.ReadAsStringAsync());

        var account = await GetObjectAsync(Client, $"/accounts/{main}");
        Assert.That((decimal)account["balance"]!, Is.EqualTo(-3.50m));
        Assert.That((await Client.GetAsync($"/accounts/{cash}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task ATransferMovesBothBalancesAndIsNeverIncomeOrExpense()
    {
        var euro = await CreateAccountAsync(new { name = "Euro", currency = "EUR", openingBalance = 1000 });
        var main = (Guid)(await GetObjectAsync(Client, "/settings"))["defaultAccountId"]!;
        using var created = await Client.PostAsJsonAsync("/transfers", new { fromAccountId = euro, toAccountId = main, amount = 100, toAmount = 108.42m, externalId = "t-1" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var transfer = await ReadObjectAsync(created);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)transfer["type"], Is.EqualTo("transfer"));
            Assert.That((string?)transfer["description"], Is.EqualTo("Transfer"));
            Assert.That(transfer["toAmount"]!.ToJsonString(), Is.EqualTo("108.42"));
            Assert.That((string?)transfer["toCurrency"], Is.EqualTo("USD"));
            Assert.That((decimal)(await GetObjectAsync(Client, $"/accounts/{euro}"))["balance"]!, Is.EqualTo(900m));
            Assert.That((decimal)(await GetObjectAsync(Client, $"/accounts/{main}"))["balance"]!, Is.EqualTo(108.42m));
            var balance = await GetObjectAsync(Client, "/balance");
            Assert.That(((int)balance["incomeCount"]!, (int)balance["expenseCount"]!, (decimal)balance["balance"]!), Is.EqualTo((0, 0, 0m)));
            Assert.That((int)(await GetObjectAsync(Client, "/transactions?type=transfer"))["totalItems"]!, Is.EqualTo(1));
            Assert.That((int)(await GetObjectAsync(Client, $"/transactions?accountId={main}"))["totalItems"]!, Is.EqualTo(1));
            Assert.That((int)(await GetObjectAsync(Client, "/transfers"))["totalItems"]!, Is.EqualTo(1));
        }

        using var duplicate = await Client.PostAsJsonAsync("/incomes", new { description = "x", amount = 1, externalId = "t-1" });
        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict);
        var id = (Guid)transfer["id"]!;
        using var moved = await Client.PutAsJsonAsync($"/transfers/{id}", new { toAccountId = main, amount = 50, toAmount = 54.21m });
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await moved.Content.ReadAsStringAsync());
        Assert.That((decimal)(await GetObjectAsync(Client, $"/accounts/{euro}"))["balance"]!, Is.EqualTo(950m));
        var feed = await GetObjectAsync(Client, "/changes");
        Assert.That(feed["changes"]!.AsArray().Select(c => (string?)c!["transaction"]!["type"]), Is.EqualTo(new[] { "transfer" }));
        Assert.That((await Client.DeleteAsync($"/transfers/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((decimal)(await GetObjectAsync(Client, $"/accounts/{main}"))["balance"]!, Is.EqualTo(0m));
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task ABadTransferIsA400NamingTheField()
    {
        var euro = await CreateAccountAsync(new { name = "Euro", currency = "EUR" });
        var main = (Guid)(await GetObjectAsync(Client, "/settings"))["defaultAccountId"]!;
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/transfers", new { fromAccountId = main, toAccountId = main, amount = 1 }), "toAccountId");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/transfers", new { fromAccountId = euro, toAccountId = main, amount = 1 }), "toAmount");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/transfers", new { fromAccountId = main, amount = 1 }), "toAccountId");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/transfers", new { fromAccountId = euro, toAccountId = main, amount = 1.001m, toAmount = 1 }), "amount");
    }

    [Test]
    public async Task ABatchTakesTransfersAndAccountsAndNamesABadOneByPosition()
    {
        var euro = await CreateAccountAsync(new { name = "Euro", currency = "EUR" });
        var main = (Guid)(await GetObjectAsync(Client, "/settings"))["defaultAccountId"]!;
        using var bad = await Client.PostAsJsonAsync("/transactions/batch", new { items = new object[] { new { type = "income", description = "x", amount = 1 }, new { type = "transfer", accountId = euro, toAccountId = main, amount = 1 } } });
        await AssertValidationProblemAsync(bad, "items[1].toAmount");
        using var good = await Client.PostAsJsonAsync("/transactions/batch", new
        {
            items = new object[]
            {
                new { type = "income", description = "pay", amount = 100, accountId = euro },
                new { type = "transfer", accountId = euro, toAccountId = main, amount = 40, toAmount = 43.37m },
                new { type = "expense", description = "rent", amount = 30 },
            },
        });
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK), await good.Content.ReadAsStringAsync());
        Assert.That((decimal)(await GetObjectAsync(Client, $"/accounts/{euro}"))["balance"]!, Is.EqualTo(60m));
        Assert.That((decimal)(await GetObjectAsync(Client, $"/accounts/{main}"))["balance"]!, Is.EqualTo(13.37m));
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task SettingsChangeTheDefaultAccountAndTheZoneAndRejectWhatIsNotTheirs()
    {
        var euro = await CreateAccountAsync(new { name = "Euro", currency = "EUR" });
        using var put = await Client.PutAsJsonAsync("/settings", new { baseCurrency = "EUR", timeZone = "Pacific/Auckland", defaultAccountId = euro });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var income = await CreateAsync("incomes", new { description = "pay", amount = 1 });
        Assert.That((income.AccountId, income.Currency), Is.EqualTo((euro, "EUR")));
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync("/settings", new { timeZone = "Mars/Olympus" }), "timeZone");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync("/settings", new { baseCurrency = "XAU" }), "baseCurrency");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync("/settings", new { defaultAccountId = Guid.NewGuid() }), "defaultAccountId");
    }

    [Test]
    public async Task AnImportGoesToTheAccountNamedAndAnUnknownOneIsA400()
    {
        var euro = await CreateAccountAsync(new { name = "Euro", currency = "EUR" });
        var answer = await ImportAsync("occurredOn,description,amount\n2026-11-02,coffee,-3.50\n", $"?accountId={euro}");
        Assert.That((int)answer["created"]!, Is.EqualTo(1));
        Assert.That((decimal)(await GetObjectAsync(Client, $"/accounts/{euro}"))["balance"]!, Is.EqualTo(-3.5m));
        await AssertValidationProblemAsync(await PostCsvAsync("occurredOn,description,amount\n2026-11-02,coffee,-3.50\n", $"?accountId={Guid.NewGuid()}"), "accountId");
    }

    private async Task<TokenResponse> RegisterWithAsync(string email, string currency, string zone)
    {
        using var registered = await Anonymous.PostAsJsonAsync("/auth/register", new { email, password = Password, baseCurrency = currency, timeZone = zone });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        return await LoginAsync(email);
    }

    private async Task<Guid> CreateAccountAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/accounts", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (Guid)(await ReadObjectAsync(response))["id"]!;
    }

    private static async Task<JsonObject> GetObjectAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }
}

public sealed class MoneyRoundTripTests : IntegrationTest
{
    [Test]
    public async Task ExportingAndImportingIntoANewUserReproducesTransfersAccountsAndBalancesAndAgainCreatesNothing()
    {
        using var created = await Client.PostAsJsonAsync("/accounts", new { name = "Euro, =savings", kind = "savings", currency = "EUR" });
        var euro = (Guid)(await ReadObjectAsync(created))["id"]!;
        await CreateAsync("incomes", new { description = "pay", amount = 1000, category = "work", occurredOn = "2026-11-01" });
        await CreateAsync("expenses", new { description = "=cmd", amount = 12.5m, accountId = euro, occurredOn = "2026-11-02" });
        using var transfer = await Client.PostAsJsonAsync("/transfers", new { toAccountId = euro, amount = 108.42m, toAmount = 100, occurredOn = "2026-11-03" });
        Assert.That(transfer.StatusCode, Is.EqualTo(HttpStatusCode.Created), await transfer.Content.ReadAsStringAsync());
        var csv = await Client.GetStringAsync("/transactions/export");

        var other = ClientWithToken((await RegisterAndLoginAsync(Email("copy"))).AccessToken);
        using var imported = await PostCsvAsync(csv, client: other);
        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());
        Assert.That((int)(await ReadObjectAsync(imported))["created"]!, Is.EqualTo(3));
        using var again = await PostCsvAsync(csv, client: other);
        Assert.That((int)(await ReadObjectAsync(again))["created"]!, Is.Zero);

        async Task<string> AccountsOf(HttpClient client) => string.Join(" | ", (await ReadObjectAsync(await client.GetAsync("/accounts")))["items"]!.AsArray()
            .Select(a => $"{a!["name"]} {a["kind"]} {a["currency"]} {a["balance"]!.ToJsonString()}"));
        // Each user's categories have ids of their own: the groups are compared by path.
        async Task<string> BalanceOf(HttpClient client) => System.Text.RegularExpressions.Regex.Replace(
            (await ReadObjectAsync(await client.GetAsync("/balance?groupBy=category")))
                .Where(p => p.Key != "currencies").Select(p => $"{p.Key}={p.Value?.ToJsonString()}").Aggregate((a, b) => a + "," + b),
            "\"categoryId\":\"[0-9a-f-]+\",",
            string.Empty);
        Assert.That(await AccountsOf(other), Is.EqualTo(await AccountsOf(Client)));
        Assert.That(await AccountsOf(other), Does.Contain("Euro, =savings savings EUR 87.50"));
        Assert.That(await BalanceOf(other), Is.EqualTo(await BalanceOf(Client)));
        await KeptTotals.AssertMatchTheRowsAsync(await TestUserIdsAsync());
    }

    [Test]
    public async Task ABankStatementRowWhoseCurrencyIsNotTheAccountsIsA400ForItsLine()
    {
        using var response = await PostCsvAsync("occurredOn,description,amount,Currency\n2026-11-02,coffee,-3.50,USD\n2026-11-02,tea,-2.00,EUR\n");
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.ToJsonString(), Does.Contain("\"line\":3").And.Contain("currency"));
    }
}
