using System.Net;
using Cashman.Api.Services;
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
    [Test]
    public async Task SwaggerIsOffByDefaultInProduction()
    {
        await using var production = Factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Swagger:Enabled", null);
        });
        using var client = production.CreateClient();
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
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
    [TestCase(Cashman.Api.Options.JwtOptions.DevelopmentKey)]
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

    private sealed class BrokenClock : TimeProvider
    {
        public const string Secret = "clock-internals-must-not-leak";

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Secret);
    }
}
