using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Cashman.Tests.Integration.Webhooks;

/// <summary>One request the receiver got, and whether the <c>StandardWebhooks</c> package verified its signature.</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body, bool Verified, string? VerifyError)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Type => (string)Json["type"]!;

    /// <summary>The change number the event id carries (<c>msg_{webhook}_{seq}</c>).</summary>
    public long Seq => long.Parse(Id[(Id.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A real HTTP receiver on loopback (a small Kestrel app in the test process), the way a user's would be: it verifies every
/// delivery with the <c>StandardWebhooks</c> package (not with Cashman's code) and answers what the test says.
/// <c>/hook</c> records and answers <see cref="Answer"/>; <c>/redirect</c> redirects to <c>/hook</c>; <c>/huge</c>
/// answers 200 with 64 MiB; <c>/slow</c> answers after 11 seconds.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly TaskCompletionSource<bool> _huge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, int> _inFlight = [];

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The secrets to verify with (the newest first); deliveries before one is set are recorded unverified.</summary>
    public IReadOnlyList<string> Secrets { get; set; } = [];

    /// <summary>The status <c>/hook</c> answers.</summary>
    public Func<ReceivedWebhook, int> Answer { get; set; } = _ => 200;

    /// <summary>How long <c>/hook</c> takes before it answers.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>The most requests of one webhook (by the <c>msg_{webhook}_</c> of its ids) that were ever being answered at once.</summary>
    public int MostAtOnceForOneWebhook { get; private set; }

    /// <summary>Completes when <c>/huge</c> has answered: true if its client went away before the answer's end.</summary>
    public Task<bool> HugeAbandoned => _huge.Task;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path = "/hook") => new(BaseUrl, path);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.HookAsync);
        app.MapPost("/redirect", (HttpContext context) => Results.Redirect("/hook", permanent: false, preserveMethod: true));
        app.MapPost("/huge", receiver.HugeAsync);
        app.MapPost("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(11), context.RequestAborted);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseUrl = new Uri(address);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HookAsync(HttpContext context)
    {
        var id = context.Request.Headers["webhook-id"].ToString();
        var webhook = id.Contains('_', StringComparison.Ordinal) ? id[..id.LastIndexOf('_')] : id;
        lock (_inFlight)
        {
            _inFlight[webhook] = _inFlight.GetValueOrDefault(webhook) + 1;
            MostAtOnceForOneWebhook = Math.Max(MostAtOnceForOneWebhook, _inFlight[webhook]);
        }

        try
        {

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers;
            string? error = null;
            var verified = false;
            foreach (var secret in Secrets)
            {
                try
                {
                    new StandardWebhook(secret).Verify(body, headers);
                    verified = true;
                    break;
                }
                catch (WebhookVerificationException exception)
                {
                    error = exception.Message;
                }
            }

            var received = new ReceivedWebhook(
                context.Request.Path, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
                headers["webhook-signature"].ToString(), body, verified, verified ? null : error ?? "no secret");
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            context.Response.StatusCode = Answer(received);
            _received.Enqueue(received);
        }
        finally
        {
            lock (_inFlight)
            {
                _inFlight[webhook]--;
            }
        }
    }

    private async Task HugeAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        var chunk = new byte[64 * 1024];
        try
        {
            // Writes after the client went away are dropped by Kestrel, not failed: RequestAborted tells, soon after.
            for (var i = 0; i < 1024 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ConnectionResetException)
        {
            // The client went away after what it wanted.
        }

        // Kestrel may learn of the closed connection a moment after the last write: a client still reading would wait here.
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }

        _huge.TrySetResult(context.RequestAborted.IsCancellationRequested);
    }
}
