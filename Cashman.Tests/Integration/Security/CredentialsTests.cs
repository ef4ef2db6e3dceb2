using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cashman.Tests.Integration.Security;

/// <summary>Every transaction endpoint refuses missing, malformed, forged, expired and misdirected credentials.</summary>
public sealed class CredentialsTests : IntegrationTest
{
    private Guid _incomeId;
    private Guid _expenseId;

    [SetUp]
    public async Task CreateOwnedTransactionsAsync()
    {
        _incomeId = (await CreateAsync("incomes", new { description = "Salary", amount = 5000 })).Id;
        _expenseId = (await CreateAsync("expenses", new { description = "pizza", amount = 50 })).Id;
    }

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task NoCredentialsIsA401ProblemWithWwwAuthenticate(string method, string path)
    {
        using var response = await Anonymous.SendAsync(Request(method, path));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task MalformedTokenIsA401(string method, string path) =>
        await AssertUnauthorizedAsync(await SendWithTokenAsync("not-a-jwt", method, path));

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task TamperedSignatureIsA401(string method, string path)
    {
        var parts = Owner.AccessToken.Split('.');
        var signature = parts[2].ToCharArray();
        signature[5] = signature[5] == 'A' ? 'B' : 'A';
        await AssertUnauthorizedAsync(await SendWithTokenAsync($"{parts[0]}.{parts[1]}.{new string(signature)}", method, path));
    }

    [Test]
    public async Task TamperedPayloadWithTheOriginalSignatureIsA401()
    {
        var other = await RegisterAndLoginAsync(Email("other"));
        var ownerParts = Owner.AccessToken.Split('.');
        var otherParts = other.AccessToken.Split('.');
        var forged = $"{ownerParts[0]}.{otherParts[1]}.{ownerParts[2]}";
        await AssertUnauthorizedAsync(await SendWithTokenAsync(forged, "GET", "/incomes"));
    }

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task UnsignedAlgNoneTokenIsA401(string method, string path)
    {
        // The owner's own claims, re-wrapped with "alg": "none" and no signature.
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Owner.AccessToken.Split('.')[1];
        await AssertUnauthorizedAsync(await SendWithTokenAsync($"{header}.{payload}.", method, path));
    }

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task TokenSignedWithAnotherKeyIsA401(string method, string path) =>
        await AssertUnauthorizedAsync(await SendWithTokenAsync(Forge(key: "another-key-that-is-long-enough-0123456789"), method, path));

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task TokenForAnotherAudienceIsA401(string method, string path) =>
        await AssertUnauthorizedAsync(await SendWithTokenAsync(Forge(audience: "someone-else"), method, path));

    [Test]
    public async Task TokenFromAnotherIssuerIsA401() =>
        await AssertUnauthorizedAsync(await SendWithTokenAsync(Forge(issuer: "evil"), "GET", "/incomes"));

    [Test]
    public async Task HmacSha512TokenIsA401BecauseOnlyHs256IsAccepted() =>
        await AssertUnauthorizedAsync(await SendWithTokenAsync(Forge(algorithm: SecurityAlgorithms.HmacSha512), "GET", "/incomes"));

    [Test]
    public async Task TokenWithoutExpiryIsA401() =>
        await AssertUnauthorizedAsync(await SendWithTokenAsync(Forge(expires: false), "GET", "/incomes"));

    [Test]
    public async Task TokenWithoutSessionIsA401() =>
        await AssertUnauthorizedAsync(await SendWithTokenAsync(Forge(withSession: false), "GET", "/incomes"));

    [Test]
    public async Task ForgedButCorrectlySignedTokenShowsThatTheTestForgeryIsValid()
    {
        // Guards the negative tests above: the same forgery with the real key, issuer and audience is accepted.
        using var response = await SendWithTokenAsync(Forge(), "GET", "/incomes");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCaseSource(typeof(TransactionEndpoints), nameof(TransactionEndpoints.All))]
    public async Task ExpiredTokenIsA401(string method, string path)
    {
        Factory.Clock.Advance(TimeSpan.FromMinutes(16));
        await AssertUnauthorizedAsync(await SendWithTokenAsync(Owner.AccessToken, method, path));
    }

    [Test]
    public async Task TokenIsAcceptedUntilItsLifetimePlusASmallClockSkew()
    {
        var fresh = await LoginAsync(OwnerEmail);
        Factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(10));
        using var withinSkew = await SendWithTokenAsync(fresh.AccessToken, "GET", "/incomes");
        Assert.That(withinSkew.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await AssertUnauthorizedAsync(await SendWithTokenAsync(fresh.AccessToken, "GET", "/incomes"));
    }

    [Test]
    public async Task AccessTokenLastsFifteenMinutesByDefault() =>
        Assert.That(Owner.ExpiresIn, Is.EqualTo(900));

    private string Forge(
        string key = CashmanApiFactory.SigningKey,
        string issuer = "cashman",
        string audience = "cashman-api",
        string algorithm = SecurityAlgorithms.HmacSha256,
        bool expires = true,
        bool withSession = true)
    {
        var original = new JsonWebToken(Owner.AccessToken);
        var claims = new List<Claim> { new("sub", original.Subject) };
        if (withSession)
        {
            claims.Add(new Claim("sid", original.GetClaim("sid").Value));
        }

        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ? now.AddMinutes(5) : null,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key + (algorithm == SecurityAlgorithms.HmacSha512 ? key : string.Empty))), algorithm),
        });
    }

    private HttpRequestMessage Request(string method, string path) =>
        TransactionEndpoints.Request(method, path, path.StartsWith("/incomes", StringComparison.Ordinal) ? _incomeId : _expenseId);

    private async Task<HttpResponseMessage> SendWithTokenAsync(string token, string method, string path)
    {
        using var request = Request(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Anonymous.SendAsync(request);
    }

    private async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized);

            // The scheme and that the token is invalid; never why (lifetime, issuer, key...), which would guide a forger.
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
        }

        // Nothing changed: both transactions are still there as created (checked with a fresh login).
        var owner = ClientWithToken((await LoginAsync(OwnerEmail)).AccessToken);
        var list = await ReadObjectAsync(await owner.GetAsync("/transactions"));
        Assert.That((int)list["totalItems"]!, Is.EqualTo(2));
        Assert.That(list["items"]!.AsArray().Select(i => (string)i!["description"]!), Is.EquivalentTo(new[] { "Salary", "pizza" }));
    }
}
