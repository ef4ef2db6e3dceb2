using Cashman.Api.Users;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Cashman.Tests.Unit.Security;

public sealed class JwtOptionsValidatorTests
{
    private const string StrongKey = "a-random-secret-that-is-at-least-32-bytes-long";

    [TestCase(null)]
    [TestCase("")]
    [TestCase("short-key")]
    [TestCase("0123456789012345678901234567890")]
    public void MissingOrShortKeyIsRefusedInEveryEnvironment(string? key)
    {
        foreach (var environment in new[] { "Development", "Staging", "Production" })
        {
            var result = Validate(environment, key);
            Assert.That(result.Failed, Is.True, environment);
            Assert.That(result.FailureMessage, Does.Contain("Jwt__SigningKey"));
        }
    }

    [TestCase("Staging")]
    [TestCase("Production")]
    [TestCase("Testing")]
    public void PublicDevelopmentKeyIsRefusedOutsideDevelopment(string environment)
    {
        var result = Validate(environment, JwtOptions.DevelopmentKey);
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("development key"));
    }

    [Test]
    public void PublicDevelopmentKeyIsAcceptedInDevelopment() =>
        Assert.That(Validate("Development", JwtOptions.DevelopmentKey).Succeeded, Is.True);

    [Test]
    public void StrongKeyIsAcceptedInProduction() =>
        Assert.That(Validate("Production", StrongKey).Succeeded, Is.True);

    [Test]
    public void DefaultsAreFifteenMinuteAccessAndFourteenDayRefreshTokens()
    {
        var options = new JwtOptions();
        Assert.That(options.AccessTokenMinutes, Is.EqualTo(15));
        Assert.That(options.RefreshTokenDays, Is.EqualTo(14));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, string? key) =>
        new JwtOptionsValidator(new Environment(environment)).Validate(null, new JwtOptions { SigningKey = key });

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Cashman.Api";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
