using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cashman.Api.Operations;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration;

/// <summary>
/// Base of HTTP tests: the API in memory with a clock of the fixture's own (<see cref="Factory"/>), a new registered and
/// logged-in owner for each test, and <see cref="Client"/> sending the owner's access token. Users come from the real
/// register/login flow. Nothing is emptied between tests: every query of the API names its owner, so each test sees
/// only its own users' rows, and fixtures that share nothing else run in parallel.
/// </summary>
public abstract class IntegrationTest
{
    public const string Password = "correct-horse-battery";
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<HttpClient> _clients = [];
    private CashmanApiFactory? _factory;
    private string _tag = string.Empty;

    /// <summary>Authenticated as <see cref="Owner"/>.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>No credentials at all.</summary>
    protected HttpClient Anonymous { get; private set; } = null!;

    protected TokenResponse Owner { get; private set; } = null!;

    /// <summary>This test's owner's email, new for each test.</summary>
    protected string OwnerEmail => Email("owner");

    /// <summary>The API of this fixture, on the run's database, with a clock of its own.</summary>
    protected CashmanApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture's API is not started.");

    /// <summary>Where the fixture's clock starts; <see cref="CashmanApiFactory.Start"/> unless a fixture needs another.</summary>
    protected virtual DateTimeOffset? ClockStart => null;

    [OneTimeSetUp]
    public void StartApi() => _factory = new CashmanApiFactory(TestDatabase.ConnectionString, start: ClockStart, configure: ConfigureApi);

    /// <summary>What a fixture changes in its API (a setting, a service) on top of the test defaults.</summary>
    protected virtual void ConfigureApi(IWebHostBuilder builder)
    {
    }

    [OneTimeTearDown]
    public async Task StopApiAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [SetUp]
    public async Task RegisterOwnerAsync()
    {
        _tag = Guid.NewGuid().ToString("N")[..12];
        Anonymous = Track(Factory.CreateClient());
        Owner = await RegisterAndLoginAsync(OwnerEmail);
        Client = ClientWithToken(Owner.AccessToken);
    }

    /// <summary>The id of this test's owner.</summary>
    protected Guid OwnerId => UserIdOf(Owner);

    /// <summary>The user an access token was issued to (its <c>sub</c>).</summary>
    protected static Guid UserIdOf(TokenResponse tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return Guid.Parse(new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken).Subject);
    }

    /// <summary>The ids of the users this test registered (by the emails <see cref="Email"/> made).</summary>
    protected async Task<List<Guid>> TestUserIdsAsync()
    {
        var suffix = $"-{_tag}@example.com";
        await using var db = TestDatabase.Inspect();
        return await db.Users.Where(u => u.Email.EndsWith(suffix)).Select(u => u.Id).ToListAsync();
    }

    /// <summary>How many rows of <paramref name="table"/> belong to the users this test registered.</summary>
    protected async Task<long> CountTestRowsAsync(string table)
    {
        long count = 0;
        foreach (var user in await TestUserIdsAsync())
        {
            count += await TestDatabase.CountOwnedAsync(table, user);
        }

        return count;
    }

    /// <summary>
    /// This fixture's API with the background purge running, started now. The purge deletes what has expired for every
    /// user by this fixture's clock, so a test that uses it (or advances the clock past other logins' lifetimes and
    /// purges) is <c>[NonParallelizable]</c>.
    /// </summary>
    protected WebApplicationFactory<Program> WithPurge()
    {
        var purging = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddHostedService<RetentionCleanupService>()));
        Track(purging.CreateClient());
        return purging;
    }

    /// <summary>An email of this test's own, such as <c>other-3f2a9c1b0d4e@example.com</c> for <c>other</c>.</summary>
    protected string Email(string name) => $"{name}-{_tag}@example.com";

    [TearDown]
    public void DisposeClients()
    {
        Client.Dispose();
        Anonymous.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    protected async Task<TokenResponse> RegisterAndLoginAsync(string email, string password = Password)
    {
        using var registered = await Anonymous.PostAsJsonAsync("/auth/register", new { email, password });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        return await LoginAsync(email, password);
    }

    protected async Task<TokenResponse> LoginAsync(string email, string password = Password)
    {
        using var login = await Anonymous.PostAsJsonAsync("/auth/login", new { email, password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        return (await login.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
    }

    protected HttpClient ClientWithToken(string accessToken)
    {
        var client = Track(Factory.CreateClient());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    protected HttpClient ClientWithApiKey(string key)
    {
        var client = Track(Factory.CreateClient());
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    protected HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }

    protected static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    protected async Task<TransactionResponse> CreateAsync(string kind, object body)
    {
        using var response = await Client.PostAsJsonAsync($"/{kind}", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TransactionResponse>(Json))!;
    }

    /// <summary>The descriptions of a list page's items, in order.</summary>
    protected static IEnumerable<string> Descriptions(JsonObject page) =>
        page["items"]!.AsArray().Select(i => (string)i!["description"]!);

    /// <summary>Sends a request with <c>If-Match</c> from the owner's client.</summary>
    protected async Task<HttpResponseMessage> SendIfMatchAsync(HttpMethod method, string path, string ifMatch, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await Client.SendAsync(request);
    }

    /// <summary><c>POST /imports</c> with <paramref name="csv"/> as a UTF-8 <c>text/csv</c> body.</summary>
    protected Task<HttpResponseMessage> PostCsvAsync(string csv, string query = "", HttpClient? client = null) =>
        (client ?? Client).PostAsync("/imports" + query, new StringContent(csv, Encoding.UTF8, "text/csv"));

    /// <summary>An import that must succeed: its answer.</summary>
    protected async Task<JsonObject> ImportAsync(string csv, string query = "")
    {
        using var response = await PostCsvAsync(csv, query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadObjectAsync(response);
    }

    /// <summary>Awaits requests sent at once and returns their statuses, disposing the responses.</summary>
    protected static async Task<List<HttpStatusCode>> StatusesAsync(IEnumerable<Task<HttpResponseMessage>> requests)
    {
        var responses = await Task.WhenAll(requests);
        var statuses = responses.Select(r => r.StatusCode).ToList();
        DisposeAll(responses);
        return statuses;
    }

    protected static void DisposeAll(IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    protected static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts an RFC 9457 problem document with the given status, and returns it.</summary>
    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonNode.Parse(body)!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((int?)problem["status"], Is.EqualTo((int)status));
            Assert.That((string?)problem["type"], Is.Not.Null.And.Not.Empty);
            Assert.That((string?)problem["title"], Is.Not.Null.And.Not.Empty);
            Assert.That((string?)problem["detail"], Is.Not.Null.And.Not.Empty);
            Assert.That((string?)problem["traceId"], Is.Not.Null.And.Not.Empty);
            Assert.That(body, Does.Not.Contain("Exception").And.Not.Contain("   at ").And.Not.Contain("Npgsql").And.Not.Contain("System."));
        }

        return problem;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/>.</summary>
    protected static async Task<JsonObject> AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.That(errors, Is.Not.Null, problem.ToJsonString());
        Assert.That(errors!.Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
        return problem;
    }
}
