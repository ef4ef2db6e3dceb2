using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Users;
using Cashman.Domain.Accounts;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Security;

public sealed class AccountTests : IntegrationTest
{
    [Test]
    public async Task RegisterCreatesAnAccountAndAnswers201WithIdAndEmail()
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { email = "  Ada@Example.com ", password = "long-enough" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadObjectAsync(response);
        Assert.That(body.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "email" }));
        Assert.That((string)body["email"]!, Is.EqualTo("Ada@Example.com"));
        Assert.That(Guid.Parse((string)body["id"]!).Version, Is.EqualTo(7));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/auth/me"));
    }

    [TestCase("{0}")]
    [TestCase("UPPER")]
    [TestCase(" {0} ")]
    public async Task RegisteringATakenEmailInAnyCaseIsA409(string form)
    {
        var email = form == "UPPER" ? OwnerEmail.ToUpperInvariant() : string.Format(System.Globalization.CultureInfo.InvariantCulture, form, OwnerEmail);
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { email, password = "long-enough" });
        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [TestCase("")]
    [TestCase("not-an-email")]
    [TestCase("a@b")]
    [TestCase("Ada <ada@example.com>")]
    [TestCase("ada @example.com")]
    public async Task BadEmailIsA400NamingEmail(string email)
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { email, password = "long-enough" });
        await AssertValidationProblemAsync(response, "email");
    }

    [Test]
    public async Task MissingEmailAndShortPasswordAreBothNamed()
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { password = "short" });
        var problem = await AssertValidationProblemAsync(response, "email");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "email", "password" }));
    }

    [TestCase("1234567")]
    [TestCase("")]
    public async Task PasswordUnderEightCharactersIsA400NamingPassword(string password)
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { email = Email("new"), password });
        await AssertValidationProblemAsync(response, "password");
    }

    [Test]
    public async Task PasswordOfExactlyEightCharactersIsAccepted()
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { email = Email("new"), password = "12345678" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task ConcurrentRegistrationsOfOneEmailLetExactlyOneWin()
    {
        var attempts = Enumerable.Range(0, 12).Select(i =>
            Anonymous.PostAsJsonAsync("/auth/register", new { email = i % 2 == 0 ? Email("race") : Email("race").ToUpperInvariant(), password = "long-enough" }));
        var statuses = await StatusesAsync(attempts);

        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(",", statuses));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(11), string.Join(",", statuses));
        await using var db = TestDatabase.Inspect();
        var normalized = Email("race").ToUpperInvariant();
        Assert.That(await db.Users.CountAsync(u => u.NormalizedEmail == normalized), Is.EqualTo(1));
    }

    [Test]
    public async Task PasswordIsStoredOnlyAsAPasswordHasherHash()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var user = await TestDatabase.Inspect().Users.AsNoTracking().SingleAsync(u => u.Id == OwnerId);
        Assert.That(user.PasswordHash, Does.Not.Contain(Password));
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        Assert.That(hasher.VerifyHashedPassword(user, user.PasswordHash, Password), Is.EqualTo(PasswordVerificationResult.Success));
        Assert.That(hasher.VerifyHashedPassword(user, user.PasswordHash, Password + "x"), Is.EqualTo(PasswordVerificationResult.Failed));
    }

    [Test]
    public async Task LoginAnswersABearerTokenPair()
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        var body = await ReadObjectAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.Select(p => p.Key), Is.EquivalentTo(new[] { "accessToken", "refreshToken", "tokenType", "expiresIn" }));
            Assert.That((string)body["tokenType"]!, Is.EqualTo("Bearer"));
            Assert.That((int)body["expiresIn"]!, Is.EqualTo(900));
            Assert.That(((string)body["accessToken"]!).Split('.'), Has.Length.EqualTo(3));
            Assert.That(((string)body["refreshToken"]!).Length, Is.GreaterThanOrEqualTo(43));
        }
    }

    [Test]
    public async Task LoginEmailIsCaseInsensitive()
    {
        var tokens = await LoginAsync(OwnerEmail.ToUpperInvariant());
        using var me = await ClientWithToken(tokens.AccessToken).GetAsync("/auth/me");
        Assert.That((string)(await ReadObjectAsync(me))["email"]!, Is.EqualTo(OwnerEmail));
    }

    [Test]
    public async Task UnknownEmailAndWrongPasswordGetTheSame401()
    {
        using var wrongPassword = await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = "wrong-password" });
        using var unknownEmail = await Anonymous.PostAsJsonAsync("/auth/login", new { email = Email("nobody"), password = Password });
        var a = await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var b = await AssertProblemAsync(unknownEmail, HttpStatusCode.Unauthorized);
        Assert.That((string)a["detail"]!, Is.EqualTo((string)b["detail"]!));
        Assert.That((string)a["title"]!, Is.EqualTo((string)b["title"]!));
        Assert.That(wrongPassword.Headers.WwwAuthenticate, Is.Not.Empty);
    }

    [Test]
    public async Task LoginWithMissingFieldsIsA401NotA500()
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/login", new { });
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task MeAnswersTheCaller()
    {
        using var response = await Client.GetAsync("/auth/me");
        Assert.That((string)(await ReadObjectAsync(response))["email"]!, Is.EqualTo(OwnerEmail));
    }

    [Test]
    public async Task RefreshRotatesTheTokenPair()
    {
        var refreshed = await RefreshAsync(Owner.RefreshToken);
        Assert.That(refreshed.RefreshToken, Is.Not.EqualTo(Owner.RefreshToken));
        Assert.That(refreshed.AccessToken, Is.Not.EqualTo(Owner.AccessToken));
        using var me = await ClientWithToken(refreshed.AccessToken).GetAsync("/auth/me");
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The old refresh token no longer works, and the new one does.
        var reuse = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken });
        await AssertProblemAsync(reuse, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task ReusingARotatedRefreshTokenRevokesTheWholeLogin()
    {
        var second = await RefreshAsync(Owner.RefreshToken);
        var otherLogin = await LoginAsync(OwnerEmail);

        using var reuse = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken });
        await AssertProblemAsync(reuse, HttpStatusCode.Unauthorized);

        // Every token of that login is dead: the newest refresh token and both access tokens.
        using var newest = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = second.RefreshToken });
        await AssertProblemAsync(newest, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await ClientWithToken(second.AccessToken).GetAsync("/incomes"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await ClientWithToken(Owner.AccessToken).GetAsync("/incomes"), HttpStatusCode.Unauthorized);

        // Another login of the same user is untouched.
        Assert.That((await ClientWithToken(otherLogin.AccessToken).GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = otherLogin.RefreshToken })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ConcurrentRefreshesOfOneTokenLetAtMostOneSucceed()
    {
        var statuses = await StatusesAsync(Enumerable.Range(0, 8).Select(_ =>
            Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken })));

        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.LessThanOrEqualTo(1), string.Join(",", statuses));
        Assert.That(statuses.Where(s => s != HttpStatusCode.OK), Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("unknown-token")]
    [TestCase("")]
    public async Task UnknownOrEmptyRefreshTokenIsRejected(string refreshToken)
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken });
        await AssertProblemAsync(response, refreshToken.Length == 0 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task RefreshTokenExpiresAfterFourteenDays()
    {
        Factory.Clock.Advance(TimeSpan.FromDays(13));
        var stillValid = await RefreshAsync(Owner.RefreshToken);
        Factory.Clock.Advance(TimeSpan.FromDays(14));
        using var expired = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = stillValid.RefreshToken });
        await AssertProblemAsync(expired, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task RefreshTokensAreStoredOnlyAsHashes()
    {
        var hashes = await TestDatabase.Inspect().RefreshTokens.Select(t => t.TokenHash).ToListAsync();
        Assert.That(hashes, Does.Not.Contain(Owner.RefreshToken));
        Assert.That(hashes, Does.Contain(Cashman.Api.Users.SecretGenerator.Hash(Owner.RefreshToken)));
    }

    [Test]
    public async Task LogoutEndsTheAccessTokenAndTheRefreshTokenAtOnce()
    {
        using (var before = await Client.GetAsync("/incomes"))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var logout = await Client.PostAsJsonAsync("/auth/logout", new { refreshToken = Owner.RefreshToken });
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await AssertProblemAsync(await Client.GetAsync("/incomes"), HttpStatusCode.Unauthorized);
        using var refresh = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken });
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task LogoutEndsTheRefreshTokensLoginEvenWhenCalledFromAnotherLogin()
    {
        var other = await LoginAsync(OwnerEmail);
        using var logout = await ClientWithToken(other.AccessToken).PostAsJsonAsync("/auth/logout", new { refreshToken = Owner.RefreshToken });
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await Client.GetAsync("/incomes"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await ClientWithToken(other.AccessToken).GetAsync("/incomes"), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task LogoutCannotEndAnotherUsersLogin()
    {
        var other = await RegisterAndLoginAsync(Email("other"));
        var mallory = await RegisterAndLoginAsync(Email("mallory"));
        using var logout = await ClientWithToken(mallory.AccessToken).PostAsJsonAsync("/auth/logout", new { refreshToken = other.RefreshToken });
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ClientWithToken(other.AccessToken).GetAsync("/incomes")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = other.RefreshToken })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task LogoutNeedsCredentialsAndARefreshToken()
    {
        await AssertProblemAsync(await Anonymous.PostAsJsonAsync("/auth/logout", new { refreshToken = Owner.RefreshToken }), HttpStatusCode.Unauthorized);
        await AssertValidationProblemAsync(await Client.PostAsJsonAsync("/auth/logout", new { }), "refreshToken");
    }

    private async Task<TokenResponse> RefreshAsync(string refreshToken)
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
    }
}
