using System.Net;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Cashman.Api.Telemetry;

/// <summary>
/// Serves <c>GET /metrics</c> (Prometheus text) from a Kestrel endpoint of its own on the management address and port,
/// apart from the public API, whatever Kestrel's public URLs are. It answers nothing else (404, and 405 for another
/// method on <c>/metrics</c>). A port that is taken costs the metrics, never the API: the failure is logged and the API
/// serves on.
/// </summary>
internal sealed partial class MetricsEndpoint(IOptions<MetricsOptions> options, MeterProvider meterProvider, ILogger<MetricsEndpoint> logger) : IHostedService, IAsyncDisposable
{
    public const string Path = "/metrics";

    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (port, address) = (options.Value.Port, IPAddress.Parse(options.Value.Address));
        if (port == 0)
        {
            return;
        }

        // Empty: none of the API's configuration (URLs, a Kestrel section) or logging leaks into this listener.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, port);
        });
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Path != Path)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD";
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null);
        try
        {
            await app.StartAsync(cancellationToken);
            _app = app;
            LogServing(logger, address, port);
        }
        catch (IOException exception)
        {
            LogNotServed(logger, address, port, exception.Message);
            await app.DisposeAsync();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics served at http://{Address}:{Port}/metrics")]
    private static partial void LogServing(ILogger logger, IPAddress address, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "Metrics are not served: {Address}:{Port} cannot be listened on ({Reason}); the API serves on without them. Set Metrics__Port to a free port, or 0.")]
    private static partial void LogNotServed(ILogger logger, IPAddress address, int port, string reason);
}
