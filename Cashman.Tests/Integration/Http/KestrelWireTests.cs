using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Cashman.Api.Contracts;

namespace Cashman.Tests.Integration.Http;

/// <summary>
/// What only a real Kestrel shows: the headers it adds itself, and how header lines arrive (the in-memory test server
/// splits a comma-separated value into several, as if the header had been sent several times). The built API runs as a
/// process, once for the fixture, and requests are written to its socket byte for byte.
/// </summary>
public sealed class KestrelWireTests
{
    private readonly StringBuilder _output = new();
    private Process _api = null!;
    private int _port;
    private string _token = null!;

    [OneTimeSetUp]
    public async Task StartApiAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var start = ApiProcess.StartInfo();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}";
        start.Environment["ConnectionStrings__Cashman"] = TestDatabase.ConnectionString;
        start.Environment["Jwt__SigningKey"] = "kestrel-wire-tests-signing-key-0123456789abcdef";
        start.Environment["PublicBaseUrl"] = "https://cashman.example.com";
        _api = Process.Start(start)!;
        _api.OutputDataReceived += (_, e) => Append(e.Data);
        _api.ErrorDataReceived += (_, e) => Append(e.Data);
        _api.BeginOutputReadLine();
        _api.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var live = await client.GetAsync("/health/live");
                if (live.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 300)
            {
                await Task.Delay(100);
            }
        }

        var email = $"wire-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/auth/register", new { email, password = IntegrationTest.Password });
        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = IntegrationTest.Password });
        _token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        if (!_api.HasExited)
        {
            _api.Kill(entireProcessTree: true);
        }

        _api.Dispose();
    }

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
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", _token);
        using var created = await client.PostAsJsonAsync("/incomes", new { description = "wire", amount = 1 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), _output.ToString());
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
            request.Append(CultureInfo(), $"Host: 127.0.0.1:{_port}\r\n");
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
        await socket.ConnectAsync(IPAddress.Loopback, _port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static System.Globalization.CultureInfo CultureInfo() => System.Globalization.CultureInfo.InvariantCulture;

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
