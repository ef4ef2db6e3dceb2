using System.Net;
using System.Text;

namespace Cashman.Tests.Integration.Http;

/// <summary>Every error is a problem document whatever <c>Accept</c> asks for: a client that sent text/html still learns why.</summary>
public sealed class AcceptHeaderTests : IntegrationTest
{
    private static readonly string[] Accepts = ["text/html", "application/xml", "text/plain", "image/png"];

    [TestCaseSource(nameof(Accepts))]
    public async Task UnknownRouteIsA404ProblemWhateverAccept(string accept)
    {
        using var response = await SendAsync(Client, HttpMethod.Get, "/nope", accept);
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task WrongMethodIsA405ProblemWhateverAccept(string accept)
    {
        using var response = await SendAsync(Client, HttpMethod.Delete, "/transactions", accept);
        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task WrongContentTypeIsA415ProblemWhateverAccept(string accept)
    {
        using var response = await SendAsync(Client, HttpMethod.Post, "/incomes", accept, new StringContent("x", Encoding.UTF8, "text/plain"));
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task MissingCredentialsAreA401ProblemWhateverAccept(string accept)
    {
        using var response = await SendAsync(Anonymous, HttpMethod.Get, "/incomes", accept);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task ValidationErrorIsA400ProblemWhateverAccept(string accept)
    {
        using var response = await SendAsync(Client, HttpMethod.Get, "/incomes?pageSize=0", accept);
        await AssertValidationProblemAsync(response, "pageSize");
    }

    [TestCaseSource(nameof(Accepts))]
    public async Task UnknownIdIsA404ProblemWhateverAccept(string accept)
    {
        using var response = await SendAsync(Client, HttpMethod.Get, $"/incomes/{Guid.NewGuid()}", accept);
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string accept, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }
}
