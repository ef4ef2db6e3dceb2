using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Categories;

/// <summary>Categories as resources: paths on transactions, nesting, renames, merges, deletes, filters and reports.</summary>
public sealed class CategoryTests : IntegrationTest
{
    [Test]
    public async Task APathCreatesTheCategoryAndItsParentAndTheSamePathInAnotherCaseReusesIt()
    {
        var first = await ExpenseAsync(new { description = "apples", amount = 3, category = " Food / Groceries " });
        var again = await ExpenseAsync(new { description = "pears", amount = 2, category = "food/GROCERIES" });
        var categories = await ListAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)first["category"], Is.EqualTo("Food/Groceries"));
            Assert.That((string?)again["category"], Is.EqualTo("Food/Groceries"));
            Assert.That((string?)again["categoryId"], Is.EqualTo((string?)first["categoryId"]));
            Assert.That(categories.Select(c => ((string?)c["path"], (long)c["transactionCount"]!)), Is.EqualTo(new[] { ("Food", 0L), ("Food/Groceries", 2L) }));
            var food = categories.Single(c => (string?)c["path"] == "Food");
            Assert.That((string?)categories[1]["parentId"], Is.EqualTo((string?)food["id"]));
            Assert.That((string?)food["rollover"], Is.EqualTo("none"));
        }
    }

    [Test]
    public async Task ATransactionMayNameItsCategoryByIdAndBothMustAgree()
    {
        var food = await CreateAsync(new { name = "Food" });
        var byId = await ExpenseAsync(new { description = "bread", amount = 2, categoryId = food });
        var both = await ExpenseAsync(new { description = "milk", amount = 1, categoryId = food, category = "FOOD" });
        Assert.That(((string?)byId["category"], (string?)both["category"], (Guid)both["categoryId"]!), Is.EqualTo(("Food", "Food", food)));

        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/expenses", new { description = "x", amount = 1, categoryId = food, category = "Rent" }), "category");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/expenses", new { description = "x", amount = 1, categoryId = Guid.NewGuid() }), "categoryId");
        var stranger = ClientWithToken((await RegisterAndLoginAsync(Email("stranger"))).AccessToken);
        using var theirs = await stranger.PostAsJsonAsync("/categories", new { name = "Secret" });
        var theirId = (Guid)(await ReadObjectAsync(theirs))["id"]!;
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/expenses", new { description = "x", amount = 1, categoryId = theirId }), "categoryId");
        Assert.That((await Client.GetAsync($"/categories/{theirId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // PUT names it by id too, and a path on PUT finds or creates the category.
        using var put = await Client.PutAsJsonAsync($"/expenses/{byId["id"]}", new { description = "bread", amount = 2, category = "Home/Bakery" });
        var updated = await ReadObjectAsync(put);
        Assert.That((string?)updated["category"], Is.EqualTo("Home/Bakery"));
        Assert.That((string?)(await GetAsync($"/expenses/{byId["id"]}"))["categoryId"], Is.EqualTo((string?)updated["categoryId"]));
    }

    [TestCase("{\"description\":\"x\",\"amount\":1,\"category\":\"a/b/c\"}", "category")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"category\":\"a//b\"}", "category")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"category\":\"/b\"}", "category")]
    [TestCase("{\"description\":\"x\",\"amount\":1,\"categoryId\":\"not-a-uuid\"}", "categoryId")]
    public async Task ACategoryThatIsNotAPathOfOneOrTwoNamesIsA400(string body, string field) =>
        await AssertValidationProblemAsync(await Client.PostAsync("/expenses", JsonBody(body)), field);

    [Test]
    public async Task NamesAreCheckedAndTwoLevelsAreTheMost()
    {
        var food = await CreateAsync(new { name = "Food" });
        var groceries = await CreateAsync(new { name = "Groceries", parentId = food });
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = "a/b" }), "name");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = "  " }), "name");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = new string('n', 51) }), "name");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = "Fruit", parentId = groceries }), "parentId");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = "Fruit", parentId = Guid.NewGuid() }), "parentId");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = "Fruit", rollover = "sometimes" }), "rollover");

        // A cycle or a third level through PUT.
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/categories/{food}", new { name = "Food", parentId = groceries }), "parentId");
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/categories/{food}", new { name = "Food", parentId = food }), "parentId");
        var rent = await CreateAsync(new { name = "Rent" });
        await AssertValidationProblemAsync(await Client.PutAsJsonAsync($"/categories/{food}", new { name = "Food", parentId = rent }), "parentId");

        // Unique among siblings ignoring case; the same name under another parent is fine.
        await AssertProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = "FOOD" }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await Client.PostAsJsonAsync("/categories", new { name = "groceries", parentId = food }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await Client.PutAsJsonAsync($"/categories/{rent}", new { name = "food" }), HttpStatusCode.Conflict);
        await CreateAsync(new { name = "Groceries", parentId = rent });
        await CreateAsync(new { name = "Groceries" });
    }

    [Test]
    public async Task RenamingAParentChangesEveryPathInItAndItsChildrenAndTheFeedShowsEachOnce()
    {
        var direct = await ExpenseAsync(new { description = "dinner", amount = 30, category = "Food" });
        var child = await ExpenseAsync(new { description = "apples", amount = 3, category = "Food/Groceries" });
        await ExpenseAsync(new { description = "rent", amount = 900, category = "Rent" });
        var cursor = (string?)(await GetAsync("/changes"))["next"];
        var food = (Guid)direct["categoryId"]!;
        var before = await Client.GetAsync($"/categories/{food}");
        var tag = before.Headers.ETag!.Tag;

        using var renamed = await Client.PutAsJsonAsync($"/categories/{food}", new { name = "Meals", rollover = "surplus" });
        Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await renamed.Content.ReadAsStringAsync());
        var body = await ReadObjectAsync(renamed);
        var changes = (await GetAsync($"/changes?after={Uri.EscapeDataString(cursor!)}"))["changes"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((string?)body["path"], (string?)body["rollover"]), Is.EqualTo(("Meals", "surplus")));
            Assert.That(renamed.Headers.ETag!.Tag, Is.Not.EqualTo(tag));
            Assert.That(changes.Select(c => ((string?)c!["op"], (string?)c["transaction"]!["id"], (string?)c["transaction"]!["category"])), Is.EquivalentTo(new[]
            {
                ("upsert", (string?)direct["id"], "Meals"),
                ("upsert", (string?)child["id"], "Meals/Groceries"),
            }));
            Assert.That((string?)(await GetAsync($"/expenses/{child["id"]}"))["category"], Is.EqualTo("Meals/Groceries"));
            Assert.That((await ListAsync()).Select(c => (string?)c["path"]), Is.EqualTo(new[] { "Meals", "Meals/Groceries", "Rent" }));
            var answerCursor = renamed.Headers.GetValues("Cashman-Change-Cursor").Single();
            Assert.That((await GetAsync($"/changes?after={Uri.EscapeDataString(answerCursor)}"))["changes"]!.AsArray(), Is.Empty, "the answer's cursor includes the renamed rows");
        }

        // A rename to what it already is changes no transaction.
        cursor = (string?)(await GetAsync("/changes"))["next"];
        (await Client.PutAsJsonAsync($"/categories/{food}", new { name = "Meals", rollover = "all" })).Dispose();
        Assert.That((await GetAsync($"/changes?after={Uri.EscapeDataString(cursor!)}"))["changes"]!.AsArray(), Is.Empty);
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task ARenameRefusedForATakenNameChangesNoCategoryAndNoTransaction()
    {
        var dinner = await ExpenseAsync(new { description = "dinner", amount = 30, category = "Food/Out" });
        await ExpenseAsync(new { description = "rent", amount = 900, category = "Rent" });
        var cursor = (string?)(await GetAsync("/changes"))["next"];
        var food = (Guid)(await GetAsync($"/categories/{dinner["categoryId"]}"))["parentId"]!;

        await AssertProblemAsync(await Client.PutAsJsonAsync($"/categories/{food}", new { name = "rent" }), HttpStatusCode.Conflict);
        Assert.That((await ListAsync()).Select(c => (string?)c["path"]), Is.EqualTo(new[] { "Food", "Food/Out", "Rent" }));
        Assert.That((string?)(await GetAsync($"/expenses/{dinner["id"]}"))["category"], Is.EqualTo("Food/Out"));
        Assert.That((await GetAsync($"/changes?after={Uri.EscapeDataString(cursor!)}"))["changes"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task MovingAChildUnderAnotherParentChangesItsPathAndItsTransactions()
    {
        var apples = await ExpenseAsync(new { description = "apples", amount = 3, category = "Food/Fruit" });
        var home = await CreateAsync(new { name = "Home" });
        using var moved = await Client.PutAsJsonAsync($"/categories/{apples["categoryId"]}", new { name = "Garden", parentId = home });
        Assert.That((string?)(await ReadObjectAsync(moved))["path"], Is.EqualTo("Home/Garden"));
        Assert.That((string?)(await GetAsync($"/expenses/{apples["id"]}"))["category"], Is.EqualTo("Home/Garden"));

        // To the top level.
        using var top = await Client.PutAsJsonAsync($"/categories/{apples["categoryId"]}", new { name = "Garden" });
        Assert.That((string?)(await ReadObjectAsync(top))["parentId"], Is.Null);
        Assert.That((string?)(await GetAsync($"/expenses/{apples["id"]}"))["category"], Is.EqualTo("Garden"));
    }

    [Test]
    public async Task AMergeMovesTransactionsChildrenAndBudgetsAndSaysWhatMoved()
    {
        var lower = await ExpenseAsync(new { description = "snack", amount = 4, category = "food" });
        await ExpenseAsync(new { description = "lunch", amount = 12, category = "food" });
        var candy = await ExpenseAsync(new { description = "candy", amount = 1, category = "food/Candy" });
        var fruitOfLower = await ExpenseAsync(new { description = "kiwi", amount = 2, category = "food/Fruit" });
        var fruit = await ExpenseAsync(new { description = "apple", amount = 1, category = "Groceries/Fruit" });
        var into = (Guid)(await Client.GetFromJsonAsync<JsonObject>($"/categories/{fruit["categoryId"]}"))!["parentId"]!;
        var from = (Guid)lower["categoryId"]!;
        (await Client.PutAsJsonAsync($"/budgets/2026-03/{from}", new { amount = 50 })).Dispose();
        (await Client.PutAsJsonAsync($"/budgets/2026-03/{into}", new { amount = 400 })).Dispose();
        (await Client.PutAsJsonAsync($"/budgets/2026-04/{from}", new { amount = 60 })).Dispose();
        var cursor = (string?)(await GetAsync("/changes"))["next"];

        await AssertValidationProblemAsync(await Client.PostAsJsonAsync($"/categories/{from}/merge", new { intoId = from }), "intoId");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync($"/categories/{from}/merge", new { intoId = candy["categoryId"] }), "intoId");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync($"/categories/{from}/merge", new { intoId = fruit["categoryId"] }), "intoId");
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync($"/categories/{from}/merge", new { }), "intoId");

        using var merged = await Client.PostAsJsonAsync($"/categories/{from}/merge", new { intoId = into });
        Assert.That(merged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await merged.Content.ReadAsStringAsync());
        var answer = await ReadObjectAsync(merged);
        var paths = (await ListAsync()).Select(c => (string?)c["path"]).ToList();
        var changes = (await GetAsync($"/changes?after={Uri.EscapeDataString(cursor!)}"))["changes"]!.AsArray();
        var march = await GetAsync("/budgets/2026-03");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((long)answer["transactionsMoved"]!, (int)answer["childrenMoved"]!, (int)answer["budgetsMoved"]!), Is.EqualTo((4L, 2, 2)));
            Assert.That(merged.Headers.Contains("Cashman-Change-Cursor"), Is.True);
            Assert.That((string?)answer["into"]!["path"], Is.EqualTo("Groceries"));
            Assert.That((long)answer["into"]!["transactionCount"]!, Is.EqualTo(2));
            Assert.That(paths, Is.EqualTo(new[] { "Groceries", "Groceries/Candy", "Groceries/Fruit" }));
            Assert.That(changes.Select(c => (string?)c!["transaction"]!["category"]), Is.EquivalentTo(new[] { "Groceries", "Groceries", "Groceries/Candy", "Groceries/Fruit" }));
            Assert.That((string?)(await GetAsync($"/expenses/{fruitOfLower["id"]}"))["categoryId"], Is.EqualTo((string?)fruit["categoryId"]));
            Assert.That(march["categories"]!.AsArray().Single(c => (Guid)c!["categoryId"]! == into)!["budgeted"]!.ToJsonString(), Is.EqualTo("450.00"));
            Assert.That((await Client.GetAsync($"/categories/{from}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task ACategoryInUseIsDeletedOnlyWithReassignTo()
    {
        var rent = await ExpenseAsync(new { description = "rent", amount = 900, category = "Rent" });
        var home = await ExpenseAsync(new { description = "lamp", amount = 40, category = "Home" });
        var empty = await CreateAsync(new { name = "Unused" });
        var rentId = (Guid)rent["categoryId"]!;

        await AssertProblemAsync(await Client.DeleteAsync($"/categories/{rentId}"), HttpStatusCode.Conflict);
        await AssertValidationProblemAsync(await Client.DeleteAsync($"/categories/{rentId}?reassignTo=somewhere"), "reassignTo");
        await AssertValidationProblemAsync(await Client.DeleteAsync($"/categories/{rentId}?reassignTo={rentId}"), "reassignTo");
        Assert.That((await Client.DeleteAsync($"/categories/{empty}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Client.DeleteAsync($"/categories/{empty}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That((await Client.DeleteAsync($"/categories/{rentId}?reassignTo={home["categoryId"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((string?)(await GetAsync($"/expenses/{rent["id"]}"))["category"], Is.EqualTo("Home"));

        var cursor = (string?)(await GetAsync("/changes"))["next"];
        Assert.That((await Client.DeleteAsync($"/categories/{home["categoryId"]}?reassignTo=none")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var lamp = await GetAsync($"/expenses/{home["id"]}");
        Assert.That(((string?)lamp["category"], (string?)lamp["categoryId"]), Is.EqualTo(((string?)null, (string?)null)));
        var changes = (await GetAsync($"/changes?after={Uri.EscapeDataString(cursor!)}"))["changes"]!.AsArray();
        Assert.That(
            changes.Select(c => ((string?)c!["op"], (string?)c["transaction"]!["category"])).ToList(),
            Is.EquivalentTo(new[] { ("upsert", (string?)null), ("upsert", (string?)null) }),
            "both rows that were in Home (the lamp, and the rent reassigned to it) are upserts without a category");
        Assert.That(await ListAsync(), Is.Empty);

        // A parent with children cannot lose its children by reassignTo=none.
        var apples = await ExpenseAsync(new { description = "apples", amount = 3, category = "Food/Fruit" });
        var food = (Guid)(await Client.GetFromJsonAsync<JsonObject>($"/categories/{apples["categoryId"]}"))!["parentId"]!;
        await AssertProblemAsync(await Client.DeleteAsync($"/categories/{food}?reassignTo=none"), HttpStatusCode.Conflict);

        // Nor can its children go under another child: that would be a third level.
        var tools = await ExpenseAsync(new { description = "rake", amount = 12, category = "Garden/Tools" });
        await AssertValidationProblemAsync(await Client.DeleteAsync($"/categories/{food}?reassignTo={tools["categoryId"]}"), "reassignTo");
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task TheCategoryIdFilterMatchesAParentWithItsChildrenInListsAndExport()
    {
        var dinner = await ExpenseAsync(new { description = "dinner", amount = 30, category = "Food" });
        var apples = await ExpenseAsync(new { description = "apples", amount = 3, category = "Food/Groceries" });
        await ExpenseAsync(new { description = "rent", amount = 900, category = "Rent" });
        await ExpenseAsync(new { description = "socks", amount = 5 });
        var food = dinner["categoryId"];

        Assert.That(Descriptions(await GetAsync($"/expenses?categoryId={food}")), Is.EquivalentTo(new[] { "dinner", "apples" }));
        Assert.That(Descriptions(await GetAsync($"/transactions?categoryId={apples["categoryId"]}")), Is.EqualTo(new[] { "apples" }));
        Assert.That(Descriptions(await GetAsync($"/expenses?categoryId={Guid.NewGuid()}")), Is.Empty);
        Assert.That(Descriptions(await GetAsync("/expenses?category=food")), Is.EqualTo(new[] { "dinner" }));
        var csv = await Client.GetStringAsync($"/transactions/export?categoryId={food}");
        Assert.That(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
        await AssertValidationProblemAsync(await Client.GetAsync("/expenses?categoryId=food"), "categoryId");
    }

    [Test]
    public async Task BalanceByCategoryHasAParentIncludingItsChildrenAndCountsEachTransactionOnceInTheTotals()
    {
        var dinner = await ExpenseAsync(new { description = "dinner", amount = 30, category = "Food" });
        var apples = await ExpenseAsync(new { description = "apples", amount = 3, category = "Food/Groceries" });
        await IncomeAsync(new { description = "refund", amount = 1, category = "Food/Groceries" });
        await ExpenseAsync(new { description = "socks", amount = 5 });

        var balance = await GetAsync("/balance?groupBy=category");
        var groups = balance["groups"]!.AsArray()
            .Select(g => ((string?)g!["key"], (string?)g["categoryId"], g["totalExpenses"]!.ToJsonString(), g["totalIncome"]!.ToJsonString(), (long)g["expenseCount"]!))
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(groups, Is.EqualTo(new[]
            {
                ((string?)null, (string?)null, "-5.00", "0.00", 1L),
                ("Food", (string?)dinner["categoryId"], "-33.00", "1.00", 2L),
                ("Food/Groceries", (string?)apples["categoryId"], "-3.00", "1.00", 1L),
            }));
            Assert.That(balance["totalExpenses"]!.ToJsonString(), Is.EqualTo("-38.00"));
            Assert.That(balance["balance"]!.ToJsonString(), Is.EqualTo("-37.00"));
            Assert.That(balance["groups"]![0]!.AsObject().ContainsKey("categoryId"), Is.False);
        }
    }

    [Test]
    public async Task BatchesAndImportsFindOrCreateCategoriesByPathOrIdAndKeepTheirTotals()
    {
        var food = await CreateAsync(new { name = "Food" });
        using var batch = await Client.PostAsJsonAsync("/transactions/batch", new
        {
            items = new object[]
            {
                new { type = "expense", description = "bread", amount = 2, categoryId = food },
                new { type = "expense", description = "apples", amount = 3, category = "food/Fruit" },
                new { type = "income", description = "refund", amount = 1, category = "FOOD/fruit" },
            },
        });
        Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.OK), await batch.Content.ReadAsStringAsync());
        await AssertValidationProblemAsync(
            await Client.PostAsJsonAsync("/transactions/batch", new { items = new[] { new { type = "expense", description = "x", amount = 1, categoryId = Guid.NewGuid() } } }),
            "items[0].categoryId");
        var imported = await ImportAsync("occurredOn,description,amount,category\n2026-03-01,lamp,-40,Home/Lights\n2026-03-02,pears,-2,Food/Fruit\n");
        Assert.That((int)imported["created"]!, Is.EqualTo(2));

        var categories = await ListAsync();
        Assert.That(categories.Select(c => ((string?)c["path"], (long)c["transactionCount"]!)), Is.EqualTo(new[]
        {
            ("Food", 1L), ("Food/Fruit", 3L), ("Home", 0L), ("Home/Lights", 1L),
        }));
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task BalanceByCategoryConvertsEachDayAtItsRateAndNamesTheRatesItMissed()
    {
        using var dollars = await Client.PostAsJsonAsync("/accounts", new { name = "Dollars", currency = "EUR" });
        var euro = (await ReadObjectAsync(dollars))["id"];
        using var rate = await Client.PutAsJsonAsync("/rates", new { rates = new[] { new { date = "2026-03-02", @base = "EUR", quote = "USD", rate = 1.25m } } });
        Assert.That(rate.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rate.Content.ReadAsStringAsync());
        await ExpenseAsync(new { description = "diner", amount = 8, category = "Food", accountId = euro, occurredOn = "2026-03-02" });
        await ExpenseAsync(new { description = "no rate", amount = 4, category = "Food", accountId = euro, occurredOn = "2026-03-20" });
        await ExpenseAsync(new { description = "dollars", amount = 1, category = "Food/Groceries", occurredOn = "2026-03-21" });

        var balance = await GetAsync("/balance?groupBy=category");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)balance["currency"], Is.EqualTo("USD"));
            Assert.That((bool)balance["complete"]!, Is.False);
            Assert.That(balance["missingRates"]!.ToJsonString(), Is.EqualTo("[{\"currency\":\"EUR\",\"date\":\"2026-03-20\"}]"));
            Assert.That(
                balance["groups"]!.AsArray().Select(g => ((string?)g!["key"], g["totalExpenses"]!.ToJsonString())),
                Is.EqualTo(new[] { ("Food", "-11.00"), ("Food/Groceries", "-1.00") }));
            Assert.That(balance["totalExpenses"]!.ToJsonString(), Is.EqualTo("-11.00"));
        }
    }

    [Test]
    public async Task BalanceByCategoryNarrowedToOneAccountCountsOnlyItsRows()
    {
        using var created = await Client.PostAsJsonAsync("/accounts", new { name = "Card", kind = "credit" });
        var card = (await ReadObjectAsync(created))["id"];
        await ExpenseAsync(new { description = "diner", amount = 8, category = "Food" });
        await ExpenseAsync(new { description = "snack", amount = 3, category = "Food", accountId = card });
        await ExpenseAsync(new { description = "fuel", amount = 40, category = "Car", accountId = card });

        var balance = await GetAsync($"/balance?groupBy=category&accountId={card}");
        Assert.That(
            balance["groups"]!.AsArray().Select(g => ((string?)g!["key"], g["totalExpenses"]!.ToJsonString(), (long)g["expenseCount"]!)),
            Is.EqualTo(new[] { ("Car", "-40.00", 1L), ("Food", "-3.00", 1L) }));
        Assert.That(balance["totalExpenses"]!.ToJsonString(), Is.EqualTo("-43.00"));
    }

    [Test]
    public async Task TheWholeListHasAnETagThatChangesWithACountAndAnswers304()
    {
        await CreateAsync(new { name = "Food" });
        using var first = await Client.GetAsync("/categories");
        var tag = first.Headers.ETag!.Tag;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/categories");
        request.Headers.TryAddWithoutValidation("If-None-Match", tag);
        Assert.That((await Client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        await ExpenseAsync(new { description = "dinner", amount = 30, category = "Food" });
        using var after = await Client.GetAsync("/categories");
        Assert.That(after.Headers.ETag!.Tag, Is.Not.EqualTo(tag));
    }

    [Test]
    public async Task AStaleIfMatchIsA412AndChangesNothing()
    {
        var food = await CreateAsync(new { name = "Food" });
        using var read = await Client.GetAsync($"/categories/{food}");
        var tag = read.Headers.ETag!.Tag;
        (await Client.PutAsJsonAsync($"/categories/{food}", new { name = "Meals" })).Dispose();
        using var stale = await SendIfMatchAsync(HttpMethod.Put, $"/categories/{food}", tag, new { name = "Dining" });
        await AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        await AssertProblemAsync(await SendIfMatchAsync(HttpMethod.Delete, $"/categories/{food}", tag), HttpStatusCode.PreconditionFailed);
        Assert.That((string?)(await GetAsync($"/categories/{food}"))["name"], Is.EqualTo("Meals"));
    }

    private async Task<JsonObject> ExpenseAsync(object body) => await PostAsync("/expenses", body);

    private async Task<JsonObject> IncomeAsync(object body) => await PostAsync("/incomes", body);

    private async Task<JsonObject> PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    private async Task<Guid> CreateAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/categories", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (Guid)(await ReadObjectAsync(response))["id"]!;
    }

    private async Task<List<JsonNode>> ListAsync() => [.. (await GetAsync("/categories"))["items"]!.AsArray().Select(c => c!)];

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }
}
