using System.Net;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Operations;

public sealed class SwaggerDocumentTests : IntegrationTest
{
    private JsonObject _document = null!;

    [SetUp]
    public async Task LoadDocumentAsync()
    {
        using var response = await Client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _document = await ReadObjectAsync(response);
    }

    [Test]
    public async Task SwaggerUiIsServed()
    {
        using var response = await Client.GetAsync("/swagger/index.html");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("swagger-ui"));
    }

    [TestCase("/incomes", "post", "201,400,401,413,415,422,500,503")]
    [TestCase("/incomes", "get", "200,400,401,500,503")]
    [TestCase("/incomes/{id}", "get", "200,401,404,500,503")]
    [TestCase("/incomes/{id}", "put", "200,400,401,404,409,412,413,415,500,503")]
    [TestCase("/incomes/{id}", "delete", "204,400,401,404,412,500,503")]
    [TestCase("/expenses", "post", "201,400,401,413,415,422,500,503")]
    [TestCase("/expenses", "get", "200,400,401,500,503")]
    [TestCase("/expenses/{id}", "get", "200,401,404,500,503")]
    [TestCase("/expenses/{id}", "put", "200,400,401,404,409,412,413,415,500,503")]
    [TestCase("/expenses/{id}", "delete", "204,400,401,404,412,500,503")]
    [TestCase("/transactions", "get", "200,400,401,500,503")]
    [TestCase("/balance", "get", "200,400,401,500,503")]
    [TestCase("/auth/register", "post", "201,400,409,429,500,503")]
    [TestCase("/auth/login", "post", "200,400,401,429,500,503")]
    [TestCase("/auth/refresh", "post", "200,400,401,429,500,503")]
    [TestCase("/auth/logout", "post", "204,400,401,500,503")]
    [TestCase("/auth/me", "get", "200,401,500,503")]
    [TestCase("/auth/api-keys", "post", "201,400,401,500,503")]
    [TestCase("/auth/api-keys", "get", "200,401,500,503")]
    [TestCase("/auth/api-keys/{id}", "delete", "204,401,404,500,503")]
    [TestCase("/", "get", "200")]
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
        Assert.That(schema["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "description", "amount", "category", "occurredOn" }));
    }

    [Test]
    public void ResponseSchemaHasTheWireShapeWithoutTheRowVersion()
    {
        var schema = _document["components"]!["schemas"]!["TransactionResponse"]!;
        Assert.That(
            schema["properties"]!.AsObject().Select(p => p.Key),
            Is.EquivalentTo(new[] { "id", "type", "description", "amount", "category", "occurredOn", "createdAt", "updatedAt" }));
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
    [TestCase("/", "get", false)]
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
}
