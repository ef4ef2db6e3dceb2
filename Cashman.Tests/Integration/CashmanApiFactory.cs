using Cashman.Api.Operations;
using Cashman.Api.Recurring;
using Cashman.Api.Webhooks;
using Cashman.Domain.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Cashman.Tests.Integration;

/// <summary>
/// The real API in memory, on the run's PostgreSQL database, with a controllable clock that moves one
/// millisecond per reading (so records created one after another have distinct, ordered timestamps), a test signing
/// key, a rate limit high enough not to get in the way, and a cheap password hash (the production cost is unit-tested).
/// </summary>
/// <param name="connectionString">The database.</param>
/// <param name="shippedDefaults">Keep the shipped Swagger and rate-limit settings instead of the test overrides.</param>
/// <param name="configure">What a fixture changes on top (a setting, a service), applied last.</param>
/// <param name="start">Where the clock starts; <see cref="Start"/> by default.</param>
public sealed class CashmanApiFactory(string connectionString, bool shippedDefaults = false, DateTimeOffset? start = null, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);

    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";

    /// <summary>Where the tests' API says it lives; every absolute URL it answers starts with it.</summary>
    public const string PublicBaseUrl = "https://cashman.test";

    public FakeTimeProvider Clock { get; } = new(start ?? Start) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Cashman", connectionString);
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("PublicBaseUrl", PublicBaseUrl);
        // Many hosts run in one test process: the management port is opened only by the tests that scrape it.
        builder.UseSetting("Metrics:Port", "0");
        if (!shippedDefaults)
        {
            builder.UseSetting("Swagger:Enabled", "true");
            builder.UseSetting("RateLimiting:AuthPerMinute", "100000");
            builder.UseSetting("RateLimiting:PerUserPerMinute", "100000");

            // The tests' receivers listen on loopback, over http.
            builder.UseSetting("Webhooks:AllowPrivateTargets", "true");
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);

            // No background purge: it deletes expired rows of every user by this host's clock, which other fixtures,
            // running at the same time on clocks of their own, still use (IntegrationTest.WithPurge starts one).
            services.Remove(services.Single(d => d.ImplementationType == typeof(RetentionCleanupService)));

            // No background posting either, for the same reason: tests post with RecurringPosting.RunAsync on a database
            // of their own (RecurringPostingTests).
            services.Remove(services.Single(d => d.ImplementationType == typeof(RecurringPostingService)));

            // Nor background deliveries: they would deliver every user's webhooks by this host's clock; tests run
            // WebhookDispatcher passes for their own users, or start a host with the service on a database of their own.
            services.Remove(services.Single(d => d.ImplementationType == typeof(WebhookDeliveryService)));
        });
        configure?.Invoke(builder);
    }
}
