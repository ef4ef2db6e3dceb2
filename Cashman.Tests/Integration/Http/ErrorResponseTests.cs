using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Cashman.Tests.Integration.Http;

public sealed class ErrorResponseTests : IntegrationTest
{
    [TestCase("/nowhere")]
    [TestCase("/incomes/a/b")]
    public async Task UnknownRouteIsA404Problem(string path)
    {
        using var response = await Client.GetAsync(path);
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task WrongMethodIsA405Problem()
    {
        using var patch = await Client.PatchAsync("/incomes", JsonBody("{}"));
        await AssertProblemAsync(patch, HttpStatusCode.MethodNotAllowed);
        using var delete = await Client.DeleteAsync("/transactions");
        await AssertProblemAsync(delete, HttpStatusCode.MethodNotAllowed);
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task NonJsonBodyIsA415Problem(string contentType)
    {
        using var content = new StringContent("description=x&amount=1", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await Client.PostAsync("/incomes", content);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task BodyWithoutContentTypeIsA415Problem()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"description\":\"x\",\"amount\":1}"));
        using var response = await Client.PostAsync("/incomes", content);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [TestCase("{")]
    [TestCase("not json")]
    [TestCase("{\"description\":\"x\",\"amount\":}")]
    [TestCase("[1,2]")]
    public async Task MalformedJsonIsA400ProblemWithoutParserInternals(string json)
    {
        using var response = await Client.PostAsync("/incomes", JsonBody(json));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"], Is.Not.Null);
        Assert.That(problem.ToJsonString(), Does.Not.Contain("LineNumber").And.Not.Contain("BytePosition").And.Not.Contain("Path:"));
    }

    [Test]
    public async Task EmptyJsonBodyIsA400Problem()
    {
        using var response = await Client.PostAsync("/incomes", JsonBody(string.Empty));
        await AssertValidationProblemAsync(response, "body");
    }

    [Test]
    public async Task BodyOver64KibIsA413ProblemAndStoresNothing()
    {
        var json = "{\"description\":\"x\",\"amount\":1,\"category\":\"" + new string('c', 70 * 1024) + "\"}";
        using var response = await Client.PostAsync("/incomes", JsonBody(json));
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        var list = await ReadObjectAsync(await Client.GetAsync("/incomes"));
        Assert.That((int)list["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task BodyJustUnder64KibIsReadAndValidated()
    {
        var json = "{\"description\":\"x\",\"amount\":1,\"category\":\"" + new string('c', 60 * 1024) + "\"}";
        using var response = await Client.PostAsync("/incomes", JsonBody(json));
        await AssertValidationProblemAsync(response, "category");
    }

    [Test]
    public async Task ValidationProblemHasTheRfc9457Shape()
    {
        using var response = await Client.PostAsJsonAsync("/incomes", new { description = "x", amount = -1 });
        var problem = await AssertValidationProblemAsync(response, "amount");
        Assert.That(problem["errors"]!["amount"]!.AsArray(), Is.Not.Empty);
        Assert.That((string)problem["title"]!, Is.Not.Empty);
    }
}
