using System.Text;
using System.Text.Json.Serialization;
using Cashman.Api.Balance;
using Cashman.Api.ErrorHandling;
using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.Imports;
using Cashman.Api.OpenApi;
using Cashman.Api.Operations;
using Cashman.Api.RateLimiting;
using Cashman.Api.Sync;
using Cashman.Api.Telemetry;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Infrastructure;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Cashman.Api;

/// <summary>Service registration and the HTTP pipeline, so that <c>Program.cs</c> stays a few lines.</summary>
internal static class ApiSetup
{
    private const string ReadyTag = "ready";

    private static readonly HttpMethodMetadata ReadOnlyMethods = new([HttpMethods.Get, HttpMethods.Head]);

    /// <summary>What a page on an allowed origin may read of an answer besides the simple headers.</summary>
    private static readonly string[] CorsExposedHeaders =
    [
        HeaderNames.Location, HeaderNames.ETag, HeaderNames.Link, HeaderNames.RetryAfter,
        RateLimitMiddleware.StateHeader, RateLimitMiddleware.PolicyHeader, IdempotencyKey.ReplayedHeaderName,
    ];

    public static WebApplicationBuilder AddCashmanApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddInfrastructure();
        services.TryAddSingleton(TimeProvider.System);
        builder.AddCashmanTelemetry();

        // On SIGTERM Kestrel stops accepting connections and lets requests in flight finish within this time.
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);

        services.AddOptions<PublicUrlOptions>()
            .Configure<IConfiguration>((o, configuration) => o.PublicBaseUrl = configuration.GetValue<Uri?>(PublicUrlOptions.Key))
            .Validate(o => PublicUrlOptions.IsValid(o.PublicBaseUrl), "PublicBaseUrl must be an absolute http or https URL without query, such as https://cashman.example.com.")
            .ValidateOnStart();
        services.AddSingleton<PublicUrls>();
        services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, trusted) =>
        {
            // Only the configured proxies are believed; not even loopback by default.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.Proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in trusted.Value.Networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        services.AddOptions<SwaggerOptions>().BindConfiguration(SwaggerOptions.SectionName).ValidateOnStart();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName).ValidateOnStart();
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var autoMapper = builder.Configuration.GetSection(AutoMapperOptions.SectionName).Get<AutoMapperOptions>();
        var licenseKey = string.IsNullOrWhiteSpace(autoMapper?.LicenseKey) ? null : autoMapper.LicenseKey;
        services.AddAutoMapper(cfg => cfg.LicenseKey = licenseKey, typeof(TransactionProfile).Assembly);

        services.AddCashmanAuthentication();
        var cors = builder.Configuration.GetSection(CorsOptions.SectionName).Get<CorsOptions>() ?? new CorsOptions();
        services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins([.. cors.AllowedOrigins])
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(CorsExposedHeaders)));
        services.AddScoped<NewTransactions>();
        services.AddScoped<TransactionService>();
        services.AddScoped<TransactionReads>();
        services.AddScoped<BalanceService>();
        services.AddScoped<ChangeFeedService>();
        services.AddSingleton<ChangeCursorKey>();
        services.AddScoped<BulkTransactionService>();
        services.AddScoped<ImportService>();
        services.AddScoped<ExportService>();
        services.AddOptions<ChangesOptions>().BindConfiguration(ChangesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DemoDataSeeder>();
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CleanupOptions>().BindConfiguration(CleanupOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<RetentionCleanupService>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Apply);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = RequestBodyLimitMiddleware.MaxBodyBytes;
            k.AddServerHeader = false;
        });

        services
            .AddControllers(o =>
            {
                o.ModelMetadataDetailsProviders.Add(new SystemTextJsonValidationMetadataProvider());
                o.Filters.Add<RejectUnknownQueryParametersFilter>(int.MinValue);
                o.ModelBinderProviders.Insert(0, new StrictNumberModelBinderProvider());

                // Bodies are UTF-8: any other charset (the formatter would also take UTF-16) is a 415, not a decoding 500.
                foreach (var json in o.InputFormatters.OfType<SystemTextJsonInputFormatter>())
                {
                    json.SupportedEncodings.Remove(json.SupportedEncodings.Single(e => e.WebName != Encoding.UTF8.WebName));
                }
            })
            .AddJsonOptions(o =>
            {
                o.AllowInputFormatterExceptionMessages = false;
                o.JsonSerializerOptions.NumberHandling = JsonNumberHandling.Strict;
                o.JsonSerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
                o.JsonSerializerOptions.Converters.Add(new MoneyJsonConverter());
            })
            .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = InvalidModelStateResponse.Create);

        // The only problem writer: problem+json whatever Accept says.
        services.RemoveAll<IProblemDetailsWriter>();
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();

        services.AddHealthChecks()
            .AddDbContextCheck<CashmanDbContext>("database", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Cashman API",
                Version = "v1",
                Description = "Record incomes and expenses and see where your money stands. Errors are RFC 9457 problem details.",
            });
            c.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "Cashman.Api.xml"), includeControllerXmlComments: true);
            c.SupportNonNullableReferenceTypes();
            c.CustomOperationIds(OperationIds.For);
            c.OperationFilter<KindOperationFilter>();
            c.OperationFilter<ContractOperationFilter>();
            c.SchemaFilter<RequiredInSchemaFilter>();
            c.SchemaFilter<ContractSchemaFilter>();
            c.OperationFilter<SecurityRequirementsOperationFilter>();
            SecurityRequirementsOperationFilter.AddSchemes(c);
        });

        return builder;
    }

    public static async Task UseCashmanApiAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<PublicUrls>().WarnIfUnconfigured(app.Logger);

        // First: every later step (the per-address limit, the request log) sees the client a trusted proxy names. Not at
        // all without one: with both lists empty the middleware would believe every peer.
        var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (forwarded.Proxies.Any() || forwarded.Networks.Any())
        {
            app.UseForwardedHeaders();
        }
        app.UseMiddleware<ResponseHeadersMiddleware>();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();

        var swagger = app.Services.GetRequiredService<IOptions<SwaggerOptions>>().Value;
        if (swagger.Enabled ?? app.Environment.IsDevelopment())
        {
            app.UseSwagger();
            app.UseSwaggerUI(o => o.DocumentTitle = "Cashman API");
        }

        app.UseMiddleware<SingleValuedHeadersMiddleware>();
        app.UseCors();

        // Authorization authenticates (only where an endpoint asks for it); the per-caller limit then knows the caller.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RateLimitMiddleware>();

        app.MapControllers();
        // GET and HEAD only: any other method is a 405, as on every other resource.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().WithMetadata(ReadOnlyMethods);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous().WithMetadata(ReadOnlyMethods);

        var seed = app.Services.GetRequiredService<IOptions<SeedOptions>>().Value;
        if (app.Environment.IsDevelopment() && seed.DemoData)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
        }
    }
}
