using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Cashman.Api.Users;

namespace Cashman.Tests.Integration.Http;

/// <summary>
/// What only a real Kestrel shows: the headers it adds itself, and how header lines arrive (the in-memory test server
/// splits a comma-separated value into several, as if the header had been sent several times). The built API runs as a
/// process, once for the fixture, and requests are written to its socket byte for byte.
/// </summary>
public sealed class KestrelWireTests
{
    private RunningApi _api = null!;
    private string _token = null!;

    private int Port => _api.BaseAddress.Port;

    [OneTimeSetUp]
    public async Task StartApiAsync()
    {
        _api = await RunningApi.StartAsync(TestDatabase.ConnectionString, "kestrel-wire-tests-signing-key-0123456789abcdef");
        using var client = _api.CreateClient();
        var email = $"wire-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/auth/register", new { email, password = IntegrationTest.Password });
        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = IntegrationTest.Password });
        _token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    [OneTimeTearDown]
    public async Task StopApiAsync() => await _api.DisposeAsync();

    [TestCase("GET / HTTP/1.1")]
    [TestCase("GET /health/live HTTP/1.1")]
    [TestCase("GET /nope HTTP/1.1")]
    public async Task NoServerHeaderIsSent(string requestLine)
    {
        var response = await SendRawAsync(requestLine);
        Assert.That(response, Does.Not.Contain("\r\nServer:").IgnoreCase, response);
        Assert.That(response, Does.Contain("\r\nX-Content-Type-Options: nosniff").IgnoreCase);
    }

    [Test]
    public async Task AListOfTagsInOneIfMatchLineMatchesWhenOneIsCurrent()
    {
        var (location, etag) = await CreateAsync();
        var response = await SendRawAsync($"DELETE {location} HTTP/1.1", $"If-Match: \"1\", {etag}, \"2\"");
        Assert.That(response, Does.StartWith("HTTP/1.1 204"), response);
    }

    [Test]
    public async Task TwoIfMatchLinesAreA400NamingTheHeaderAndDeleteNothing()
    {
        var (location, etag) = await CreateAsync();
        var response = await SendRawAsync($"DELETE {location} HTTP/1.1", $"If-Match: {etag}", $"If-Match: {etag}");
        Assert.That(response, Does.StartWith("HTTP/1.1 400").And.Contain("\"If-Match\""), response);
        Assert.That(await SendRawAsync($"GET {location} HTTP/1.1"), Does.StartWith("HTTP/1.1 200"));
    }

    [Test]
    public async Task TwoIdempotencyKeyLinesAreA400()
    {
        var body = "{\"description\":\"x\",\"amount\":1}";
        var response = await SendRawAsync(
            "POST /incomes HTTP/1.1", "Content-Type: application/json", $"Content-Length: {body.Length}", "Idempotency-Key: k5", "Idempotency-Key: k6", string.Empty + "\r\n" + body);
        Assert.That(response, Does.StartWith("HTTP/1.1 400").And.Contain("\"Idempotency-Key\""), response);
    }

    [Test]
    public async Task AForgedHostNeverReachesTheLocation()
    {
        var body = "{\"description\":\"x\",\"amount\":1}";
        var response = await SendRawAsync(
            "POST /incomes HTTP/1.1", "Host: evil.example", "Content-Type: application/json", $"Content-Length: {body.Length}", string.Empty + "\r\n" + body);
        Assert.That(response, Does.StartWith("HTTP/1.1 201").And.Contain("\r\nLocation: https://cashman.example.com/incomes/"), response);
        Assert.That(response, Does.Not.Contain("evil.example"));
    }

    private async Task<(string Location, string ETag)> CreateAsync()
    {
        using var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _token);
        using var created = await client.PostAsJsonAsync("/incomes", new { description = "wire", amount = 1 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), _api.Output);
        return (created.Headers.Location!.AbsolutePath, created.Headers.ETag!.Tag);
    }

    /// <summary>
    /// Writes the request line and header lines as given (a Host, the bearer token and <c>Connection: close</c> are
    /// added unless given; a line that starts with CRLF ends the headers and carries the body) and reads the whole answer.
    /// </summary>
    private async Task<string> SendRawAsync(string requestLine, params string[] lines)
    {
        var request = new StringBuilder(requestLine).Append("\r\n");
        if (!lines.Any(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)))
        {
            request.Append(CultureInfo(), $"Host: 127.0.0.1:{Port}\r\n");
        }

        request.Append(CultureInfo(), $"Authorization: Bearer {_token}\r\nConnection: close\r\n");
        var body = string.Empty;
        foreach (var line in lines)
        {
            if (line.StartsWith("\r\n", StringComparison.Ordinal))
            {
                body = line[2..];
                continue;
            }

            request.Append(line).Append("\r\n");
        }

        request.Append("\r\n").Append(body);
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static System.Globalization.CultureInfo CultureInfo() => System.Globalization.CultureInfo.InvariantCulture;

}
