using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cashman.Api.Http;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Cashman.Tests.Integration.Operations;

/// <summary>One structured log line per request, trace ids that match the problem documents, and nothing secret.</summary>
public sealed class RequestLoggingTests : IntegrationTest
{
    private LogCapture _logs = null!;
    private WebApplicationFactory<Program> _host = null!;

    [SetUp]
    public void CaptureLogs()
    {
        _logs = new LogCapture();
        _host = Factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
    }

    [TearDown]
    public async Task StopHostAsync()
    {
        await _host.DisposeAsync();
        _logs.Dispose();
    }

    [Test]
    public async Task EveryRequestIsLoggedOnceWithMethodRouteTemplateStatusDurationTraceAndUser()
    {
        var created = await CreateAsync("incomes", new { description = "Salary", amount = 5000 });
        using var client = Authenticated(Owner.AccessToken);
        using var me = await client.GetAsync("/auth/me");
        var userId = (await me.Content.ReadFromJsonAsync<UserResponse>(Json))!.Id;

        var timer = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.GetAsync($"/incomes/{created.Id}");
        var elapsed = timer.Elapsed.TotalMilliseconds;

        var line = RequestLines().Single(l => (string?)l.State["Route"] == "/incomes/{id:guid}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(RequestLines(), Has.Count.EqualTo(2), "one line for each of the two requests");
            Assert.That(line.Level, Is.EqualTo(LogLevel.Information));
            Assert.That(line.State["Method"], Is.EqualTo("GET"));
            Assert.That(line.State["StatusCode"], Is.EqualTo(200));
            // A read of the database takes some time, and no more than the client waited for the answer.
            Assert.That((double)line.State["DurationMs"]!, Is.Positive.And.LessThanOrEqualTo(elapsed));
            Assert.That((string?)line.State["TraceId"], Is.Not.Null.And.Not.Empty);
            Assert.That(line.State["UserId"], Is.EqualTo(userId.ToString()));
            Assert.That(line.Message, Does.Not.Contain(created.Id.ToString()), "the route template, not the path");
        }
    }

    [Test]
    public async Task UnmatchedAnonymousRequestIsLoggedWithoutAUserAndWithTheProblemsTraceId()
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync("/nowhere?secret=query");
        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);

        var line = RequestLines().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.State["Route"], Is.EqualTo(RequestLoggingMiddleware.Unmatched));
            Assert.That(line.State["UserId"], Is.EqualTo(RequestLoggingMiddleware.Anonymous));
            Assert.That(line.State["StatusCode"], Is.EqualTo(404));
            Assert.That(line.State["TraceId"], Is.EqualTo((string?)problem["traceId"]));
            Assert.That(line.Everything, Does.Not.Contain("secret=query"));
        }
    }

    [Test]
    public async Task SwaggerUiAssetsAreServedWithoutARequestLineEachButFailuresUnderSwaggerAreLogged()
    {
        using var client = _host.CreateClient();
        foreach (var asset in new[] { "/swagger/index.html", "/swagger/swagger-ui.css", "/swagger/v1/swagger.json" })
        {
            using var response = await client.GetAsync(asset);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), asset);
        }

        Assert.That(RequestLines(), Is.Empty);
        using var missing = await client.GetAsync("/swagger/nothing-here.js");
        Assert.That(RequestLines().Single().State["StatusCode"], Is.EqualTo(404));
    }

    [Test]
    public async Task AForgedHostNeverReachesALogLine()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/register") { Content = JsonContent.Create(new { email = Email("host"), password = Password }) };
        request.Headers.Host = "evil.example";
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(_logs.Entries.Select(e => e.Everything), Is.Not.Empty.And.None.Contain("evil.example"));
    }

    [Test]
    public async Task ValidationProblemCarriesTheTraceIdOfItsLogLine()
    {
        using var client = Authenticated(Owner.AccessToken);
        using var response = await client.PostAsJsonAsync("/expenses", new { description = "", amount = 1 });
        var problem = await AssertValidationProblemAsync(response, "description");

        var line = RequestLines().Single();
        Assert.That(line.State["Route"], Is.EqualTo("/expenses"));
        Assert.That(line.State["StatusCode"], Is.EqualTo(400));
        Assert.That(line.State["TraceId"], Is.EqualTo((string?)problem["traceId"]));
    }

    [Test]
    public async Task UnexpectedExceptionIsLoggedOnceWithItsStackAndTheTraceIdOfItsProblem()
    {
        await using var failing = _host.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider, BrokenClock>();
        }));
        using var client = failing.CreateClient();
        using var response = await client.PostAsJsonAsync("/auth/register", new { email = Email("new"), password = "long-enough" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);

        var withException = _logs.Entries.Where(e => e.Exception is not null).ToList();
        var line = RequestLines().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(withException, Has.Count.EqualTo(1), string.Join("\n", withException.Select(e => e.Category)));
            Assert.That(withException[0].Level, Is.EqualTo(LogLevel.Error));
            Assert.That(withException[0].Exception!.Message, Is.EqualTo(BrokenClock.Secret));
            Assert.That(withException[0].Exception!.StackTrace, Is.Not.Null.And.Not.Empty);
            Assert.That(withException[0].State["TraceId"], Is.EqualTo((string?)problem["traceId"]));
            Assert.That(problem.ToJsonString(), Does.Not.Contain(BrokenClock.Secret));
            Assert.That(line.State["Route"], Is.EqualTo("/auth/register"));
            Assert.That(line.State["StatusCode"], Is.EqualTo(500));
            Assert.That(line.State["TraceId"], Is.EqualTo((string?)problem["traceId"]));
        }
    }

    [Test]
    public async Task PasswordsTokensAndKeysNeverReachTheLogs()
    {
        const string Secret = "a-password-that-must-not-be-logged";
        using var anonymous = _host.CreateClient();
        using var registered = await anonymous.PostAsJsonAsync("/auth/register", new { email = Email("careful"), password = Secret });
        using var wrong = await anonymous.PostAsJsonAsync("/auth/login", new { email = Email("careful"), password = Secret + "-wrong" });
        using var login = await anonymous.PostAsJsonAsync("/auth/login", new { email = Email("careful"), password = Secret });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
        using var refreshed = await anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken });
        var rotated = (await refreshed.Content.ReadFromJsonAsync<TokenResponse>(Json))!;

        using var client = Authenticated(rotated.AccessToken);
        using var created = await client.PostAsJsonAsync("/auth/api-keys", new { name = "script" });
        var key = (await created.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(Json))!.Key;
        using var keyClient = _host.CreateClient();
        keyClient.DefaultRequestHeaders.Add("X-API-Key", key);
        using var withKey = await keyClient.GetAsync("/transactions");
        using var tampered = Authenticated(rotated.AccessToken + "x");
        using var refused = await tampered.GetAsync("/incomes");
        using var reused = await anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken });

        Assert.That(withKey.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var everything = string.Join("\n", _logs.Entries.Select(e => e.Everything));
        Assert.That(RequestLines(), Has.Count.EqualTo(8), "one line per request");
        foreach (var secret in new[] { Secret, tokens.AccessToken, tokens.RefreshToken, rotated.AccessToken, rotated.RefreshToken, key, key[..12] })
        {
            Assert.That(everything, Does.Not.Contain(secret));
        }
    }

    [Test]
    public async Task NothingOfAnImportedFileReachesTheLogsWhateverItsFaults()
    {
        const string Marker = "SECRET-COLUMN-8d41";
        using var client = Authenticated(Owner.AccessToken);
        string[] files =
        [
            $"occurredOn;description;amount;{Marker};{Marker};;\n2026-03-01;a;1;;;;\n",
            $"occurredOn,description,amount,Amount,{Marker}\n2026-03-01,x,1,2,y\n",
            $"occurredOn,description,amount\n2026-03-01,{Marker},1,5\n2026-13-01,{Marker},x\n",
            $"\"{Marker},occurredOn\n\"x",
        ];
        foreach (var file in files)
        {
            using var response = await client.PostAsync("/imports?delimiter=%3B", new StringContent(file, System.Text.Encoding.UTF8, "text/csv"));
            Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
            using var comma = await client.PostAsync("/imports?dateFormat=%25", new StringContent(file, System.Text.Encoding.UTF8, "text/csv"));
            Assert.That((int)comma.StatusCode, Is.EqualTo(400), await comma.Content.ReadAsStringAsync());
        }

        Assert.That(_logs.Entries.Select(e => e.Everything), Is.Not.Empty.And.None.Contain(Marker));
        Assert.That(_logs.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty);
    }

    private HttpClient Authenticated(string accessToken)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private List<LogCapture.LogEntry> RequestLines() =>
        [.. _logs.Entries.Where(e => e.Category == typeof(RequestLoggingMiddleware).FullName && e.EventName == "Request")];
}
