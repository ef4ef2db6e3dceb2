using System.Net;
using System.Text.Json.Nodes;
using Cashman.Api.Balance;
using Cashman.Api.Sync;
using Cashman.Api.Transactions;
using Cashman.Api.Users;

namespace Cashman.Tests.Integration.Operations;

public sealed class SwaggerDocumentTests : IntegrationTest
{
    private JsonObject _document = null!;

    /// <summary>Once for the fixture: the document does not change between tests.</summary>
    [OneTimeSetUp]
    public async Task LoadDocumentAsync()
    {
        using var client = Factory.CreateClient();
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _document = await ReadObjectAsync(response);
    }

    [TestCase("/imports", "post", "application/json", 10 * 1024 * 1024)]
    [TestCase("/transactions/batch", "post", "text/plain", 1024 * 1024)]
    [TestCase("/incomes", "post", "text/plain", 64 * 1024)]
    public async Task EachEndpointsLimitAndMediaTypeReadTheSameInItsProblemsAndInTheDocument(string path, string method, string wrongType, int limit)
    {
        var documented = _document["paths"]![path]![method]!["responses"]!;
        using var wrong = await Client.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, wrongType));
        var unsupported = await AssertProblemAsync(wrong, HttpStatusCode.UnsupportedMediaType);
        using var big = await Client.PostAsync(path, new ByteArrayContent(new byte[limit + 1]));
        var tooLarge = await AssertProblemAsync(big, HttpStatusCode.RequestEntityTooLarge);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((string?)documented["415"]!["description"], Is.EqualTo((string?)unsupported["detail"]));
            Assert.That((string?)documented["413"]!["description"], Is.EqualTo((string?)tooLarge["detail"]));
            Assert.That((string?)tooLarge["detail"], Does.Contain(limit >= 1024 * 1024 ? $"{limit / (1024 * 1024)} MiB" : $"{limit / 1024} KiB"));
            Assert.That((string?)unsupported["detail"], Does.Contain(path == "/imports" ? "text/csv" : "application/json"));
        }
    }

    /// <summary>Every operation of the document with every status it can answer.</summary>
    private static readonly (string Path, string Method, string Statuses)[] Statuses =
    [
        ("/incomes", "post", "201,400,401,409,413,415,422,429,500,503"),
        ("/incomes", "get", "200,400,401,429,500,503"),
        ("/incomes/{id}", "get", "200,400,401,404,429,500,503"),
        ("/incomes/{id}", "put", "200,400,401,404,409,412,413,415,429,500,503"),
        ("/incomes/{id}", "delete", "204,400,401,404,412,429,500,503"),
        ("/expenses", "post", "201,400,401,409,413,415,422,429,500,503"),
        ("/expenses", "get", "200,400,401,429,500,503"),
        ("/expenses/{id}", "get", "200,400,401,404,429,500,503"),
        ("/expenses/{id}", "put", "200,400,401,404,409,412,413,415,429,500,503"),
        ("/expenses/{id}", "delete", "204,400,401,404,412,429,500,503"),
        ("/transactions", "get", "200,400,401,429,500,503"),
        ("/balance", "get", "200,400,401,429,500,503"),
        ("/auth/register", "post", "201,400,403,409,413,415,429,500,503"),
        ("/auth/login", "post", "200,400,401,413,415,429,500,503"),
        ("/auth/refresh", "post", "200,400,401,413,415,429,500,503"),
        ("/auth/logout", "post", "204,400,401,413,415,429,500,503"),
        ("/auth/password", "post", "204,400,401,413,415,429,500,503"),
        ("/auth/me", "get", "200,400,401,429,500,503"),
        ("/auth/me", "delete", "204,400,401,413,415,429,500,503"),
        ("/auth/api-keys", "post", "201,400,401,409,413,415,429,500,503"),
        ("/auth/api-keys", "get", "200,400,401,429,500,503"),
        ("/auth/api-keys/{id}", "delete", "204,400,401,404,429,500,503"),
        ("/changes", "get", "200,400,401,410,429,500,503"),
        ("/imports", "post", "200,400,401,413,415,429,500,503"),
        ("/imports/profiles", "get", "200,400,401,429,500,503"),
        ("/imports/profiles/{name}", "get", "200,400,401,404,429,500,503"),
        ("/imports/profiles/{name}", "put", "200,201,400,401,409,413,415,429,500,503"),
        ("/imports/profiles/{name}", "delete", "204,400,401,404,409,429,500,503"),
        ("/transactions/batch", "post", "200,400,401,413,415,422,429,500,503"),
        ("/transactions/export", "get", "200,400,401,429,500,503"),
        ("/accounts", "get", "200,304,400,401,429,500,503"),
        ("/accounts", "post", "201,400,401,409,413,415,422,429,500,503"),
        ("/accounts/balances", "get", "200,400,401,429,500,503"),
        ("/accounts/{id}", "get", "200,400,401,404,429,500,503"),
        ("/accounts/{id}", "put", "200,400,401,404,409,412,413,415,429,500,503"),
        ("/accounts/{id}", "delete", "204,400,401,404,409,412,429,500,503"),
        ("/categories", "get", "200,304,400,401,429,500,503"),
        ("/categories", "post", "201,400,401,409,413,415,422,429,500,503"),
        ("/categories/{id}", "get", "200,400,401,404,429,500,503"),
        ("/categories/{id}", "put", "200,400,401,404,409,412,413,415,429,500,503"),
        ("/categories/{id}", "delete", "204,400,401,404,409,412,429,500,503"),
        ("/categories/{id}/merge", "post", "200,400,401,404,412,413,415,429,500,503"),
        ("/budgets/{month}", "get", "200,400,401,429,500,503"),
        ("/budgets/{month}/{categoryId}", "put", "200,400,401,404,413,415,429,500,503"),
        ("/budgets/{month}/{categoryId}", "delete", "204,400,401,404,429,500,503"),
        ("/budgets/{month}/copy", "post", "200,400,401,429,500,503"),
        ("/recurring", "get", "200,304,400,401,429,500,503"),
        ("/recurring", "post", "201,400,401,409,413,415,422,429,500,503"),
        ("/recurring/{id}", "get", "200,400,401,404,429,500,503"),
        ("/recurring/{id}", "put", "200,400,401,404,412,413,415,429,500,503"),
        ("/recurring/{id}", "delete", "204,400,401,404,412,429,500,503"),
        ("/recurring/{id}/occurrences", "get", "200,400,401,404,429,500,503"),
        ("/recurring/{id}/occurrences/{date}", "put", "200,400,401,404,409,413,415,429,500,503"),
        ("/recurring/{id}/occurrences/{date}/post", "post", "201,400,401,404,409,429,500,503"),
        ("/recurring/due", "get", "200,400,401,429,500,503"),
        ("/webhooks", "get", "200,400,401,429,500,503"),
        ("/webhooks", "post", "201,400,401,409,413,415,422,429,500,503"),
        ("/webhooks/{id}", "get", "200,400,401,404,429,500,503"),
        ("/webhooks/{id}", "put", "200,400,401,404,412,413,415,429,500,503"),
        ("/webhooks/{id}", "delete", "204,400,401,404,412,429,500,503"),
        ("/webhooks/{id}/rotate-secret", "post", "200,400,401,404,429,500,503"),
        ("/webhooks/{id}/test", "post", "200,400,401,404,429,500,503"),
        ("/webhooks/{id}/deliveries", "get", "200,400,401,404,429,500,503"),
        ("/rates", "get", "200,400,401,429,500,503"),
        ("/rates", "put", "200,400,401,413,415,429,500,503"),
        ("/rates/import", "post", "200,400,401,413,415,429,500,503"),
        ("/rates/{date}/{base}/{quote}", "delete", "204,400,401,404,429,500,503"),
        ("/settings", "get", "200,400,401,429,500,503"),
        ("/settings", "put", "200,400,401,413,415,429,500,503"),
        ("/transfers", "post", "201,400,401,409,413,415,422,429,500,503"),
        ("/transfers", "get", "200,400,401,429,500,503"),
        ("/transfers/{id}", "get", "200,400,401,404,429,500,503"),
        ("/transfers/{id}", "put", "200,400,401,404,409,412,413,415,429,500,503"),
        ("/transfers/{id}", "delete", "204,400,401,404,412,429,500,503"),
    ];

    private static IEnumerable<TestCaseData> OperationCases => Statuses.Select(o => new TestCaseData(o.Path, o.Method, o.Statuses));

    [Test]
    public void TheStatusListCoversEveryOperationOfTheDocument()
    {
        var documented = _document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key} {p.Key}"));
        Assert.That(Statuses.Select(o => $"{o.Method} {o.Path}"), Is.EquivalentTo(documented));
    }

    [Test]
    public async Task SwaggerUiIsServed()
    {
        using var response = await Client.GetAsync("/swagger/index.html");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("swagger-ui"));
    }

    [TestCaseSource(nameof(OperationCases))]
    public void EveryOperationHasASummaryAndEveryStatusItCanReturn(string path, string method, string statuses)
    {
        var operation = _document["paths"]![path]![method]!.AsObject();
        var summary = (string?)operation["summary"];
        Assert.That(summary, Is.Not.Null.And.Not.Empty);
        Assert.That(summary, Does.Not.Contain("{kind}"));
        Assert.That(operation["responses"]!.AsObject().Select(r => r.Key), Is.EquivalentTo(statuses.Split(',')));
        foreach (var (status, response) in operation["responses"]!.AsObject())
        {
            Assert.That((string?)response!["description"], Is.Not.Null.And.Not.Empty.And.Not.Contain("{kind}"), $"{method} {path} {status}");
        }
    }

    [TestCase("/incomes", "income")]
    [TestCase("/expenses", "expense")]
    public void SharedActionsAreDocumentedForTheirOwnKind(string path, string kind) =>
        Assert.That((string)_document["paths"]![path]!["post"]!["summary"]!, Does.Contain(kind));

    [Test]
    public void RequestSchemaMarksDescriptionAndAmountRequired()
    {
        var schema = _document["components"]!["schemas"]!["TransactionRequest"]!;
        Assert.That(schema["required"]!.AsArray().Select(r => (string)r!), Is.EquivalentTo(new[] { "description", "amount" }));
        Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "description", "amount", "category", "categoryId", "occurredOn", "externalId", "accountId" }));
    }

    [Test]
    public void ResponseSchemaHasTheWireShapeWithoutTheRowVersion()
    {
        var schema = _document["components"]!["schemas"]!["TransactionResponse"]!;
        Assert.That(
            schema["properties"]!.AsObject().Select(p => p.Key),
            Is.EquivalentTo(new[]
            {
                "id", "type", "accountId", "currency", "description", "amount", "category", "occurredOn", "externalId",
                "toAccountId", "toAmount", "toCurrency", "createdAt", "updatedAt", "categoryId",
            }));
    }

    [Test]
    public void DocumentOffersTheBearerAndApiKeySchemes()
    {
        var schemes = _document["components"]!["securitySchemes"]!.AsObject();
        Assert.That((string)schemes["Bearer"]!["type"]!, Is.EqualTo("http"));
        Assert.That((string)schemes["Bearer"]!["scheme"]!, Is.EqualTo("bearer"));
        Assert.That((string)schemes["ApiKey"]!["type"]!, Is.EqualTo("apiKey"));
        Assert.That((string)schemes["ApiKey"]!["name"]!, Is.EqualTo("X-API-Key"));
        Assert.That((string)schemes["ApiKey"]!["in"]!, Is.EqualTo("header"));
    }

    [TestCase("/incomes", "get", true)]
    [TestCase("/expenses/{id}", "put", true)]
    [TestCase("/transactions", "get", true)]
    [TestCase("/auth/api-keys", "post", true)]
    [TestCase("/auth/logout", "post", true)]
    [TestCase("/auth/login", "post", false)]
    [TestCase("/auth/register", "post", false)]
    [TestCase("/auth/refresh", "post", false)]
    public void OperationsSayWhetherTheyNeedCredentials(string path, string method, bool secured)
    {
        var security = _document["paths"]![path]![method]!["security"]?.AsArray();
        if (secured)
        {
            Assert.That(security!.SelectMany(r => r!.AsObject().Select(p => p.Key)), Is.EquivalentTo(new[] { "Bearer", "ApiKey" }));
        }
        else
        {
            Assert.That(security, Is.Null.Or.Empty);
        }
    }

    [Test]
    public void ErrorResponsesAreProblemDetails()
    {
        var notFound = _document["paths"]!["/incomes/{id}"]!["get"]!["responses"]!["404"]!["content"]!.AsObject();
        Assert.That(notFound.Select(c => c.Key), Does.Contain("application/problem+json"));
    }

    [Test]
    public void EveryOperationHasAStableCamelCaseOperationId()
    {
        var ids = Operations().ToDictionary(o => $"{o.Method} {o.Path}", o => (string?)o.Operation["operationId"]);
        Assert.That(ids, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["post /incomes"] = "createIncome",
            ["get /incomes"] = "listIncomes",
            ["get /incomes/{id}"] = "getIncome",
            ["put /incomes/{id}"] = "updateIncome",
            ["delete /incomes/{id}"] = "deleteIncome",
            ["post /expenses"] = "createExpense",
            ["get /expenses"] = "listExpenses",
            ["get /expenses/{id}"] = "getExpense",
            ["put /expenses/{id}"] = "updateExpense",
            ["delete /expenses/{id}"] = "deleteExpense",
            ["get /transactions"] = "listTransactions",
            ["post /transactions/batch"] = "createTransactionsBatch",
            ["get /transactions/export"] = "exportTransactions",
            ["post /imports"] = "importTransactions",
            ["get /imports/profiles"] = "listImportProfiles",
            ["get /imports/profiles/{name}"] = "getImportProfile",
            ["put /imports/profiles/{name}"] = "putImportProfile",
            ["delete /imports/profiles/{name}"] = "deleteImportProfile",
            ["get /changes"] = "listChanges",
            ["get /balance"] = "getBalance",
            ["post /auth/register"] = "register",
            ["post /auth/login"] = "login",
            ["post /auth/refresh"] = "refreshToken",
            ["post /auth/logout"] = "logout",
            ["post /auth/password"] = "changePassword",
            ["get /auth/me"] = "getMe",
            ["delete /auth/me"] = "deleteMe",
            ["post /auth/api-keys"] = "createApiKey",
            ["get /auth/api-keys"] = "listApiKeys",
            ["delete /auth/api-keys/{id}"] = "revokeApiKey",
            ["get /accounts"] = "listAccounts",
            ["post /accounts"] = "createAccount",
            ["get /accounts/balances"] = "getAccountBalances",
            ["get /accounts/{id}"] = "getAccount",
            ["put /accounts/{id}"] = "updateAccount",
            ["delete /accounts/{id}"] = "deleteAccount",
            ["get /categories"] = "listCategories",
            ["post /categories"] = "createCategory",
            ["get /categories/{id}"] = "getCategory",
            ["put /categories/{id}"] = "updateCategory",
            ["delete /categories/{id}"] = "deleteCategory",
            ["post /categories/{id}/merge"] = "mergeCategory",
            ["get /budgets/{month}"] = "getBudgetMonth",
            ["put /budgets/{month}/{categoryId}"] = "setBudget",
            ["delete /budgets/{month}/{categoryId}"] = "deleteBudget",
            ["post /budgets/{month}/copy"] = "copyBudgets",
            ["get /recurring"] = "listRecurring",
            ["post /recurring"] = "createRecurring",
            ["get /recurring/{id}"] = "getRecurring",
            ["put /recurring/{id}"] = "updateRecurring",
            ["delete /recurring/{id}"] = "deleteRecurring",
            ["get /recurring/{id}/occurrences"] = "listOccurrences",
            ["put /recurring/{id}/occurrences/{date}"] = "updateOccurrence",
            ["post /recurring/{id}/occurrences/{date}/post"] = "postOccurrence",
            ["get /recurring/due"] = "listDueOccurrences",
            ["get /webhooks"] = "listWebhooks",
            ["post /webhooks"] = "createWebhook",
            ["get /webhooks/{id}"] = "getWebhook",
            ["put /webhooks/{id}"] = "updateWebhook",
            ["delete /webhooks/{id}"] = "deleteWebhook",
            ["post /webhooks/{id}/rotate-secret"] = "rotateWebhookSecret",
            ["post /webhooks/{id}/test"] = "testWebhook",
            ["get /webhooks/{id}/deliveries"] = "listWebhookDeliveries",
            ["get /settings"] = "getSettings",
            ["put /settings"] = "updateSettings",
            ["get /rates"] = "listRates",
            ["put /rates"] = "putRates",
            ["post /rates/import"] = "importRates",
            ["delete /rates/{date}/{base}/{quote}"] = "deleteRate",
            ["post /transfers"] = "createTransfer",
            ["get /transfers"] = "listTransfers",
            ["get /transfers/{id}"] = "getTransfer",
            ["put /transfers/{id}"] = "updateTransfer",
            ["delete /transfers/{id}"] = "deleteTransfer",
        }));
    }

    [TestCase("/incomes", "from,to,minAmount,maxAmount,q,category,categoryId,accountId,currency,sort,page,pageSize")]
    [TestCase("/transactions", "type,from,to,minAmount,maxAmount,q,category,categoryId,accountId,currency,sort,page,pageSize")]
    [TestCase("/balance", "from,to,groupBy,currency,accountId")]
    public void QueryParametersAreNamedAsOnTheWire(string path, string names)
    {
        var parameters = _document["paths"]![path]!["get"]!["parameters"]!.AsArray()
            .Where(p => (string)p!["in"]! == "query").Select(p => (string)p!["name"]!);
        Assert.That(parameters, Is.EquivalentTo(names.Split(',')));
    }

    [Test]
    public void MoneyIsANumberInCentsWithItsBoundsNeverADouble()
    {
        var schemas = _document["components"]!["schemas"]!;
        using (Assert.EnterMultipleScope())
        {
            AssertMoney(schemas["TransactionRequest"]!["properties"]!["amount"]!, -1_000_000_000m, 1_000_000_000m);
            AssertMoney(schemas["TransactionResponse"]!["properties"]!["amount"]!, -1_000_000_000m, 1_000_000_000m);
            AssertMoney(schemas["BalanceResponse"]!["properties"]!["totalIncome"]!, 0m, null);
            AssertMoney(schemas["BalanceResponse"]!["properties"]!["totalExpenses"]!, null, 0m);
            var minAmount = _document["paths"]!["/incomes"]!["get"]!["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "minAmount")!["schema"]!;
            AssertMoney(minAmount, 0m, 1_000_000_000m);
            Assert.That(_document.ToJsonString(), Does.Not.Contain("\"double\"").And.Not.Contain("\"float\""));
        }
    }

    [Test]
    public void EveryStringArrayAndIntegerHasItsLimits()
    {
        var unbounded = new List<string>();
        Walk(_document, "$", unbounded);
        Assert.That(unbounded, Is.Empty);
    }

    [Test]
    public void EveryAnswerMemberIsRequiredSoGeneratedTypesNeedNoGuessing()
    {
        var schema = _document["components"]!["schemas"]!["TransactionResponse"]!;
        Assert.That(schema["required"]!.AsArray().Select(r => (string)r!), Is.EquivalentTo(schema["properties"]!.AsObject().Select(p => p.Key)));
        var balance = _document["components"]!["schemas"]!["BalanceResponse"]!;
        Assert.That(balance["required"]!.AsArray().Select(r => (string)r!), Does.Not.Contain("groups"), "groups is sent only with groupBy");
    }

    [Test]
    public void ExpenseOperationsShowExpensesAndIncomeOperationsShowIncomes()
    {
        var expense = _document["paths"]!["/expenses"]!["post"]!;
        var income = _document["paths"]!["/incomes"]!["post"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((string)expense["requestBody"]!["content"]!["application/json"]!["example"]!["description"]!, Is.EqualTo("pizza"));
            Assert.That((string)expense["responses"]!["201"]!["content"]!["application/json"]!["example"]!["type"]!, Is.EqualTo("expense"));
            Assert.That((decimal)expense["responses"]!["201"]!["content"]!["application/json"]!["example"]!["amount"]!, Is.Negative);
            Assert.That((string)income["responses"]!["201"]!["content"]!["application/json"]!["example"]!["type"]!, Is.EqualTo("income"));
            Assert.That((string)_document["paths"]!["/expenses/{id}"]!["delete"]!["summary"]!, Is.EqualTo("Deletes an expense."));
            Assert.That((string)_document["paths"]!["/incomes/{id}"]!["put"]!["summary"]!, Does.StartWith("Replaces an income's"));
        }
    }

    [Test]
    public void ProblemSchemasListTheirMembersInsteadOfAllowingAny()
    {
        var schemas = _document["components"]!["schemas"]!;
        foreach (var name in new[] { "ProblemDetails", "ValidationProblemDetails" })
        {
            Assert.That((bool?)schemas[name]!["additionalProperties"], Is.False, name);
            Assert.That(schemas[name]!["properties"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "type", "title", "status", "detail", "traceId" }), name);
        }
    }

    [Test]
    public void AccountsAndApiKeysHaveTagsThatSayWhatTheyHold()
    {
        var tags = _document["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string)t!["description"]!);
        Assert.That(tags["Accounts"], Does.Contain("register").And.Contain("log in"));
        Assert.That(tags["API keys"], Does.Contain("X-API-Key"));
        Assert.That((string)_document["paths"]!["/auth/api-keys"]!["get"]!["tags"]![0]!, Is.EqualTo("API keys"));
    }

    [Test]
    public void EveryLimitedAnswerDocumentsTheRateLimitFieldsAnd429SaysRetryAfter()
    {
        foreach (var (method, path, operation) in Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                var headers = response!["headers"]?.AsObject();
                if (status.StartsWith('2') || status.StartsWith('4'))
                {
                    Assert.That(headers?.ContainsKey("RateLimit"), Is.True, $"{method} {path} {status}");
                }

                if (status == "429")
                {
                    Assert.That(headers?.ContainsKey("Retry-After"), Is.True, $"{method} {path} {status}");
                }
            }
        }
    }

    [Test]
    public void TheImportDeclaresItsCsvOfxAndXmlBodiesAndItsOwnLimitAndMediaTypes()
    {
        var import = _document["paths"]!["/imports"]!["post"]!;
        var body = import["requestBody"]!;
        Assert.That((bool?)body["required"], Is.True);
        Assert.That(body["content"]!.AsObject().Select(c => c.Key), Is.EqualTo(new[] { "text/csv", "application/x-ofx", "application/xml" }));
        foreach (var type in new[] { "text/csv", "application/x-ofx", "application/xml" })
        {
            Assert.That((int?)body["content"]![type]!["schema"]!["maxLength"], Is.EqualTo(10 * 1024 * 1024));
        }

        var parameters = import["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.That(parameters, Is.SupersetOf(new[]
        {
            "dateColumn", "descriptionColumn", "amountColumn", "debitColumn", "creditColumn", "directionColumn", "outValues", "inValues",
            "categoryColumn", "externalIdColumn", "statusColumn", "skipStatuses", "header", "skipLines", "dateFormat", "decimalSeparator",
            "delimiter", "profile", "dryRun", "reimportDeleted", "accountId",
        }));
        Assert.That((string?)import["responses"]!["413"]!["description"], Does.Contain("10 MiB"));
        Assert.That((string?)import["responses"]!["415"]!["description"], Does.Contain("text/csv"));
        Assert.That((string?)_document["paths"]!["/transactions/batch"]!["post"]!["responses"]!["413"]!["description"], Does.Contain("1 MiB"));
        Assert.That((string?)_document["paths"]!["/incomes"]!["post"]!["responses"]!["413"]!["description"], Does.Contain("64 KiB"));
    }

    [TestCase("CredentialsRequest", "email")]
    [TestCase("CredentialsRequest", "password")]
    [TestCase("TransactionRequest", "amount")]
    [TestCase("TransactionRequest", "description")]
    [TestCase("BatchRequest", "items")]
    [TestCase("BatchItem", "type")]
    [TestCase("ChangePasswordRequest", "newPassword")]
    public void ARequiredRequestMemberIsNotNullable(string schema, string member)
    {
        var definition = _document["components"]!["schemas"]![schema]!;
        Assert.That(definition["required"]!.AsArray().Select(r => (string?)r), Does.Contain(member));
        Assert.That((bool?)definition["properties"]![member]!["nullable"], Is.Not.True, definition.ToJsonString());
    }

    private IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key, p.Key, o.Value!.AsObject())));

    private static void AssertMoney(JsonNode schema, decimal? minimum, decimal? maximum)
    {
        Assert.That((string)schema["type"]!, Is.EqualTo("number"), schema.ToJsonString());
        Assert.That((decimal)schema["multipleOf"]!, Is.EqualTo(0.01m), schema.ToJsonString());
        Assert.That(schema["format"], Is.Null, schema.ToJsonString());
        if (minimum is not null)
        {
            Assert.That((decimal)schema["minimum"]!, Is.EqualTo(minimum), schema.ToJsonString());
        }

        if (maximum is not null)
        {
            Assert.That((decimal)schema["maximum"]!, Is.EqualTo(maximum), schema.ToJsonString());
        }
    }

    /// <summary>Collects every schema of type string, array or integer that states no limit (the OWASP string, array and integer rules).</summary>
    private static void Walk(JsonNode? node, string path, List<string> unbounded)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], $"{path}[{i}]", unbounded);
            }

            return;
        }

        if (node is not JsonObject schema)
        {
            return;
        }

        var isExample = path.EndsWith(".example", StringComparison.Ordinal) || path.Contains(".examples", StringComparison.Ordinal);
        if (!isExample && schema["type"] is JsonValue type)
        {
            var missing = (string)type! switch
            {
                "string" => schema["maxLength"] is null && schema["enum"] is null,
                "array" => schema["maxItems"] is null,
                "integer" => schema["minimum"] is null || schema["maximum"] is null,
                _ => false,
            };
            if (missing)
            {
                unbounded.Add(path);
            }
        }

        foreach (var (key, child) in schema)
        {
            if (key is not ("example" or "examples"))
            {
                Walk(child, $"{path}.{key}", unbounded);
            }
        }
    }
}
