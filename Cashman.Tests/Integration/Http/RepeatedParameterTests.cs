using System.Net;
using System.Net.Http.Json;

namespace Cashman.Tests.Integration.Http;

/// <summary>A single-valued query parameter or header sent twice is a 400 naming it, never silently collapsed.</summary>
public sealed class RepeatedParameterTests : IntegrationTest
{
    [TestCase("/incomes?pageSize=1&pageSize=1000", "pageSize")]
    [TestCase("/expenses?page=1&page=2", "page")]
    [TestCase("/transactions?type=income&type=expense", "type")]
    [TestCase("/transactions?sort=amount&sort=-amount", "sort")]
    [TestCase("/incomes?q=a&q=b", "q")]
    [TestCase("/balance?from=2026-01-01&from=2026-02-01", "from")]
    [TestCase("/balance?groupBy=month&groupBy=month", "groupBy")]
    public async Task RepeatedQueryParameterIsA400NamingIt(string path, string parameter)
    {
        using var response = await Client.GetAsync(path);
        await AssertValidationProblemAsync(response, parameter);
    }

    [Test]
    public async Task TwoIdempotencyKeyHeadersAreA400AndCreateNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonContent.Create(new { description = "x", amount = 1 }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["k5", "k6"]);
        using var response = await Client.SendAsync(request);
        await AssertValidationProblemAsync(response, "Idempotency-Key");
        var list = await ReadObjectAsync(await Client.GetAsync("/incomes"));
        Assert.That((int)list["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task TwoIfMatchHeadersAreA400AndChangeNothing()
    {
        using var created = await Client.PostAsJsonAsync("/incomes", new { description = "x", amount = 1 });
        var etag = created.Headers.ETag!.Tag;
        using var request = new HttpRequestMessage(HttpMethod.Delete, created.Headers.Location);
        request.Headers.TryAddWithoutValidation("If-Match", [etag, etag]);
        using var response = await Client.SendAsync(request);
        await AssertValidationProblemAsync(response, "If-Match");
        Assert.That((await Client.GetAsync(created.Headers.Location)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TwoApiKeyHeadersAreA400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/incomes");
        request.Headers.TryAddWithoutValidation("X-API-Key", ["cm_one", "cm_two"]);
        using var response = await Anonymous.SendAsync(request);
        await AssertValidationProblemAsync(response, "X-API-Key");
    }
}
