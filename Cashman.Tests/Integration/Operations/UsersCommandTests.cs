using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// SPEC "Operations": <c>Users__Registration</c>, the operator's <c>users add</c> and <c>users reset-password</c>, and a
/// start with missing configuration that ends in one clear line and exit code 1.
/// </summary>
public sealed partial class UsersCommandTests : IntegrationTest
{
    [Test]
    public async Task WithRegistrationClosedRegisteringIsA403AndTheOperatorAddsUsers()
    {
        await using var closed = Factory.WithWebHostBuilder(b => b.UseSetting("Users:Registration", "closed"));
        using var anonymous = closed.CreateClient();
        using var refused = await anonymous.PostAsJsonAsync("/auth/register", new { email = Email("new"), password = Password });
        var problem = await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.That((string?)problem["detail"], Does.Contain("closed"));

        var (code, output, _) = await RunAsync("users", "add", Email("new"));
        Assert.That(code, Is.Zero, output);
        var password = OneTimePassword().Match(output).Groups[1].Value;
        Assert.That(password, Has.Length.EqualTo(20));
        using var login = await anonymous.PostAsJsonAsync("/auth/login", new { email = Email("new"), password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var (again, _, error) = await RunAsync("users", "add", Email("new").ToUpperInvariant());
        Assert.That((again, error.Trim()), Is.EqualTo((1, "cashman: An account with this email already exists.")));
    }

    [Test]
    public async Task ResettingAPasswordPrintsANewOneAndEndsEveryLoginOfThatUser()
    {
        var (code, output, _) = await RunAsync("users", "reset-password", OwnerEmail);
        Assert.That(code, Is.Zero, output);
        var password = OneTimePassword().Match(output).Groups[1].Value;
        using var oldToken = await Client.GetAsync("/auth/me");
        using var refresh = await Anonymous.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken });
        using var oldPassword = await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        using var newPassword = await Anonymous.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password });
        Assert.That(
            (oldToken.StatusCode, refresh.StatusCode, oldPassword.StatusCode, newPassword.StatusCode),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK)));
    }

    [TestCase("users", "reset-password", "nobody@example.com", 1, "cashman: No user has the email nobody@example.com.")]
    [TestCase("users", "add", "not-an-email", 1, "cashman: ")]
    [TestCase("users", "remove", "owner@example.com", 2, "usage: ")]
    public async Task AnOperatorCommandThatCannotBeDoneSaysWhyInOneLine(string command, string verb, string email, int exitCode, string start)
    {
        var (code, _, error) = await RunAsync(command, verb, email);
        Assert.That(code, Is.EqualTo(exitCode));
        Assert.That(error.Trim(), Does.StartWith(start).And.Not.Contain("\n").And.Not.Contain("   at "));
    }

    [TestCase("Jwt__SigningKey", "")]
    [TestCase("ConnectionStrings__Cashman", "")]
    [TestCase("Users__Registration", "sometimes")]
    [TestCase("Metrics__Address", "everywhere")]
    public async Task StartingWithMissingOrInvalidConfigurationEndsInOneLineAndExitCodeOne(string variable, string value)
    {
        var (code, output, error) = await RunAsync(environment: new Dictionary<string, string> { [variable] = value });
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(error.Trim(), Does.StartWith("cashman: cannot start").And.Not.Contain("\n").And.Not.Contain("   at "));
    }

    /// <summary>Runs the built API with the test database's settings (Production) and the given arguments.</summary>
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => await RunAsync(null, args);

    private static async Task<(int Code, string Output, string Error)> RunAsync(Dictionary<string, string>? environment, params string[] args)
    {
        var start = ApiProcess.StartInfo(args);
        start.Environment["ConnectionStrings__Cashman"] = TestDatabase.ConnectionString;
        start.Environment["Jwt__SigningKey"] = CashmanApiFactory.SigningKey;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ApiProcess.FreePort()}";
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex("One-time password, shown once: (\\S+)")]
    private static partial Regex OneTimePassword();
}
