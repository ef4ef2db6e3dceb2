using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Cashman.Tests.Integration.Http;

/// <summary>Request bodies are UTF-8; any other charset is a 415, never a decoding failure (500) or a silent UTF-16 read.</summary>
public sealed class RequestEncodingTests : IntegrationTest
{
    [Test]
    public async Task Utf16WithAnOddLengthBodyIsA415()
    {
        var bytes = Encoding.Unicode.GetBytes("{\"email\":\"a@example.com\",\"password\":\"xxxxxxxx\"}").Append((byte)'x').ToArray();
        using var response = await PostAsync("/auth/login", bytes, "application/json; charset=utf-16");
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task WellFormedUtf16IsA415Too()
    {
        var bytes = Encoding.Unicode.GetBytes($"{{\"email\":\"{OwnerEmail}\",\"password\":\"{Password}\"}}");
        using var response = await PostAsync("/auth/login", bytes, "application/json; charset=utf-16");
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [TestCase("iso-8859-1")]
    [TestCase("us-ascii")]
    [TestCase("no-such-charset")]
    public async Task AnyCharsetButUtf8IsA415AndStoresNothing(string charset)
    {
        using var response = await PostAsync("/incomes", Encoding.ASCII.GetBytes("{\"description\":\"x\",\"amount\":1}"), $"application/json; charset={charset}");
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        var list = await ReadObjectAsync(await Client.GetAsync("/incomes"));
        Assert.That((int)list["totalItems"]!, Is.Zero);
    }

    [TestCase("application/json; charset=utf-8")]
    [TestCase("application/json; charset=UTF-8")]
    [TestCase("application/json")]
    public async Task Utf8WithOrWithoutCharsetIsAccepted(string contentType)
    {
        using var response = await PostAsync("/incomes", Encoding.UTF8.GetBytes("{\"description\":\"Café\",\"amount\":1}"), contentType);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return (path.StartsWith("/auth", StringComparison.Ordinal) ? Anonymous : Client).PostAsync(path, content);
    }
}
