using System.Net;
using System.Net.Http.Json;
using Cashman.Api.Operations;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cashman.Tests.Integration.Operations;

/// <summary>Start-up behaviour under other environments and configurations.</summary>
public sealed class HostingTests : IntegrationTest
{
    [TestCase("Production", HttpStatusCode.NotFound)]
    [TestCase("Staging", HttpStatusCode.OK)]
    [TestCase("Development", HttpStatusCode.OK)]
    public async Task SwaggerDefaultComesFromTheEnvironmentsSettingsFile(string environment, HttpStatusCode expected)
    {
        await using var shipped = new CashmanApiFactory(TestDatabase.ConnectionString, shippedDefaults: true);
        await using var host = shipped.WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Seed:DemoData", "false");
        });
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task TokenLifetimesComeFromConfiguration()
    {
        await using var host = Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Jwt:AccessTokenMinutes", "5");
            b.UseSetting("Jwt:RefreshTokenDays", "1");
        });
        using var client = host.CreateClient();
        using var login = await client.PostAsJsonAsync("/auth/login", new { email = OwnerEmail, password = Password });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>(Json))!;
        Assert.That(tokens.ExpiresIn, Is.EqualTo(300));

        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        using var me = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
        me.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.That((await client.SendAsync(me)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        using var refresh = await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ReadinessIsA503WhenTheDatabaseIsNotMigratedOrNotReachable()
    {
        var empty = await TestDatabase.CreateEmptyDatabaseAsync("unmigrated");
        try
        {
            foreach (var connectionString in new[] { empty, "Host=127.0.0.1;Port=1;Database=nothing;Username=nobody;Timeout=2" })
            {
                await using var host = Factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Cashman", connectionString));
                using var client = host.CreateClient();
                using var ready = await client.GetAsync("/health/ready");
                Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), connectionString);
                using var live = await client.GetAsync("/health/live");
                Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
        }
        finally
        {
            await TestDatabase.DropDatabaseAsync(empty);
        }
    }

    [Test]
    public async Task SwaggerCanBeSwitchedOnInProduction()
    {
        await using var production = Factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Swagger:Enabled", "true");
        });
        using var client = production.CreateClient();
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void StartWithoutAConnectionStringFailsWithAMessageNamingTheSetting()
    {
        using var broken = Factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Cashman", string.Empty));
        var exception = Assert.Catch(() => broken.CreateClient());
        Assert.That(exception, Is.InstanceOf<OptionsValidationException>());
        Assert.That(exception!.Message, Does.Contain("ConnectionStrings__Cashman"));
    }

    [TestCase("")]
    [TestCase("too-short")]
    [TestCase(Cashman.Api.Users.JwtOptions.DevelopmentKey)]
    public void ProductionRefusesToStartWithoutAStrongSigningKey(string key)
    {
        using var production = Factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Jwt:SigningKey", key);
        });
        var exception = Assert.Catch(() => production.CreateClient());
        Assert.That(exception, Is.InstanceOf<OptionsValidationException>());
        Assert.That(exception!.Message, Does.Contain("Jwt__SigningKey"));
    }

    [TestCase("Cors:AllowedOrigins:0", "https://app.example.com/path", "Cors__AllowedOrigins")]
    [TestCase("Cors:AllowedOrigins:0", "*", "Cors__AllowedOrigins")]
    [TestCase("Cors:AllowedOrigins:0", "https://app.example.com/", "Cors__AllowedOrigins")]
    [TestCase("PublicBaseUrl", "ftp://cashman.example.com", "PublicBaseUrl")]
    [TestCase("PublicBaseUrl", "https://cashman.example.com/?a=1", "PublicBaseUrl")]
    public void InvalidSettingsStopTheStartWithAMessageNamingThem(string key, string value, string name)
    {
        using var broken = Factory.WithWebHostBuilder(b => b.UseSetting(key, value));
        var exception = Assert.Catch(() => broken.CreateClient());
        Assert.That(exception, Is.InstanceOf<OptionsValidationException>());
        Assert.That(exception!.Message, Does.Contain(name));
    }

    [Test]
    public async Task AConfiguredOriginMayCallTheApiFromABrowser()
    {
        await using var cors = Factory.WithWebHostBuilder(b => b.UseSetting("Cors:AllowedOrigins:0", "https://app.example.com"));
        using var client = cors.CreateClient();
        foreach (var (origin, allowed) in new[] { ("https://app.example.com", true), ("https://evil.example.com", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            request.Headers.Add("Origin", origin);
            using var response = await client.SendAsync(request);
            Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.EqualTo(allowed), origin);
        }
    }

    [Test]
    public async Task DevelopmentSeedsTheDemoAccountWithTheTutorialDataOnce()
    {
        for (var start = 0; start < 2; start++)
        {
            await using var development = Factory.WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Development");
                b.UseSetting("Seed:DemoData", "true");
            });
            using var client = development.CreateClient();
            Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var demo = ClientWithToken((await LoginAsync(DemoDataSeeder.DemoEmail, DemoDataSeeder.DemoPassword)).AccessToken);
        var list = await ReadObjectAsync(await demo.GetAsync("/transactions"));
        Assert.That(
            list["items"]!.AsArray().Select(i => $"{(string)i!["description"]!}={(decimal)i["amount"]!:0.00}"),
            Is.EquivalentTo(new[] { "Salary=5000.00", "Dividends=200.00", "pizza=-50.00", "Rock Concert=-100.00" }));

        // The owner of this test sees none of the demo data.
        var own = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That((int)own["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task UnexpectedFailureIsAGeneric500ProblemThatLeaksNothing()
    {
        await using var failing = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider, BrokenClock>();
        }));
        using var client = failing.CreateClient();
        using var response = await client.PostAsync("/auth/register", JsonBody("{\"email\":\"new@example.com\",\"password\":\"long-enough\"}"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.That(problem.ToJsonString(), Does.Not.Contain(BrokenClock.Secret));
    }
}
