using System.Text;
using System.Text.Json.Serialization;
using Cashman.Api.Accounts;
using Cashman.Api.Balance;
using Cashman.Api.ErrorHandling;
using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.Imports;
using Cashman.Api.OpenApi;
using Cashman.Api.Operations;
using Cashman.Api.RateLimiting;
using Cashman.Api.Rates;
using Cashman.Api.Sync;
using Cashman.Api.Telemetry;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Api.Web;
using Cashman.Api.Webhooks;
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
        services.AddCashmanOperations();
        services.AddCashmanHttp(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = RequestBodyLimitMiddleware.MaxBodyBytes;
            k.AddServerHeader = false;
        });
        services.AddCashmanAuthentication();
        builder.AddCashmanWeb();
        services.AddCashmanFeatures();
        services.AddCashmanOpenApi();
        return builder;
    }

    /// <summary>
    /// The one way every options class is bound: from its configuration section, checked by its data annotations (and
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) when the host starts, so that bad
    /// configuration stops the service at start rather than at the first request.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string sectionName)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(sectionName).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>Each feature's services, one line a feature.</summary>
    private static void AddCashmanFeatures(this IServiceCollection services)
    {
        services.AddSettings<AutoMapperOptions>(AutoMapperOptions.SectionName);
        services.AddAutoMapper(
            (provider, mapper) => mapper.LicenseKey = provider.GetRequiredService<IOptions<AutoMapperOptions>>().Value.LicenseKeyOrNull,
            typeof(TransactionProfile).Assembly);

        services.AddScoped<NewTransactions>().AddScoped<TransactionService>().AddScoped<TransactionReads>();
        services.AddScoped<BalanceService>();
        services.AddSettings<MoneyOptions>(MoneyOptions.SectionName);
        services.AddScoped<CallerAccounts>().AddScoped<MoneyAccounts>().AddScoped<SettingsService>().AddScoped<AccountBalances>();
        services.AddScoped<Categories.CategoryService>().AddScoped<Categories.CategoryTotals>().AddScoped<Budgets.BudgetService>();
        services.AddScoped<RateLookup>().AddScoped<RateService>();
        services.AddScoped<ChangeFeedService>().AddSingleton<ChangeCursorKey>().AddScoped<BulkTransactionService>().AddScoped<ExportService>();
        services.AddSettings<ChangesOptions>(ChangesOptions.SectionName);
        services.AddScoped<ImportService>().AddScoped<ImportProfileService>().AddScoped<CsvStatementReader>();
        services.AddScoped<Recurring.RecurringService>();
        services.AddWebhooks();
        services.AddSettings<IdempotencyOptions>(IdempotencyOptions.SectionName);
    }

    /// <summary>Graceful shutdown, demo data, the background purge and the health checks.</summary>
    private static void AddCashmanOperations(this IServiceCollection services)
    {
        // On SIGTERM Kestrel stops accepting connections and lets requests in flight finish within this time.
        services.AddSettings<ShutdownOptions>(ShutdownOptions.SectionName);
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddSettings<SeedOptions>(SeedOptions.SectionName);
        services.AddScoped<DemoDataSeeder>();
        services.AddSettings<CleanupOptions>(CleanupOptions.SectionName);
        services.AddHostedService<RetentionCleanupService>();
        services.AddSettings<Recurring.RecurringOptions>(Recurring.RecurringOptions.SectionName);
        services.AddSingleton<Recurring.RecurringPosting>().AddHostedService<Recurring.RecurringPostingService>();
        services.AddSettings<UsersOptions>(UsersOptions.SectionName);
        services.AddHealthChecks()
            .AddDbContextCheck<CashmanDbContext>("database", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);
    }

    /// <summary>The wire conventions: public URLs, trusted proxies, CORS, problem details, JSON and MVC's binding rules.</summary>
    private static void AddCashmanHttp(this IServiceCollection services, IConfiguration configuration)
    {
        // PublicBaseUrl is a top-level key, not a section.
        services.AddOptions<PublicUrlOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PublicUrls>().AddSingleton<RequestActivity>();
        services.AddSettings<ForwardedHeadersSettings>(ForwardedHeadersSettings.SectionName);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, trusted) =>
        {
            // Only the configured proxies are believed; not even loopback by default.
            // The scheme too: behind a TLS proxy the web client's Secure cookie is set on what the browser sees as https.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
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

        services.AddSettings<CorsSettings>(CorsSettings.SectionName);
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CorsSettings>>((o, cors) =>
            o.AddDefaultPolicy(p => p
                .WithOrigins([.. cors.Value.AllowedOrigins])
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders(CorsExposedHeaders)));

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Apply);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
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
    }

    /// <summary>The OpenAPI document and Swagger UI.</summary>
    private static void AddCashmanOpenApi(this IServiceCollection services)
    {
        services.AddSettings<SwaggerOptions>(SwaggerOptions.SectionName);
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
        app.UseCashmanWeb();

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
