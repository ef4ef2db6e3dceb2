using System.Net;
using Cashman.Infrastructure.Persistence;
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

    [Test]
    public async Task DevelopmentSeedsTheTutorialDataIntoAnEmptyDatabaseOnce()
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

        await using var scope = Factory.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CashmanDbContext>().Transactions.AsNoTracking()
            .Select(t => new { t.Description, t.Amount }).ToListAsync();
        Assert.That(rows.Select(r => $"{r.Description}={r.Amount}"), Is.EquivalentTo(new[]
        {
            "Salary=5000.00", "Dividends=200.00", "pizza=-50.00", "Rock Concert=-100.00",
        }));
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
        using var response = await client.PostAsync("/incomes", JsonBody("{\"description\":\"x\",\"amount\":1}"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.That(problem.ToJsonString(), Does.Not.Contain(BrokenClock.Secret));
    }

    private sealed class BrokenClock : TimeProvider
    {
        public const string Secret = "clock-internals-must-not-leak";

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Secret);
    }
}
