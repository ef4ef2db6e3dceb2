using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cashman.Domain.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using StandardWebhooks;

namespace Cashman.Api.Webhooks;

/// <summary>What came of one delivery attempt.</summary>
/// <param name="StatusCode">The receiver's status code, or null when no answer came.</param>
/// <param name="DurationMs">From sending to the answer's headers (or the failure).</param>
/// <param name="Error">Why it failed, or null after a 2xx.</param>
public sealed record DeliveryOutcome(int? StatusCode, int DurationMs, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Sends one event the way the Standard Webhooks specification has it: a <c>POST</c> of the JSON payload with
/// <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c> (<c>v1,</c> base64 HMAC-SHA256 of
/// <c>id.timestamp.payload</c>, made by the <c>StandardWebhooks</c> package; one signature per current secret, separated
/// by spaces, the newest first). The HTTP client (<see cref="AddWebhookClient"/>) follows no redirect and connects only
/// through <see cref="WebhookTargets.ConnectAsync"/>; at most 64 KiB of an answer is read.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider timeProvider, IOptions<JsonOptions> json)
{
    public const string ClientName = "webhooks";

    /// <summary>A 2xx within this long is a success.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The most of an answer that is read (drained so that the connection can be used again).</summary>
    public const int MaxResponseBytes = 64 * 1024;

    /// <summary>Sends <paramref name="payload"/> as the API writes JSON, signed with each of <paramref name="secrets"/>.</summary>
    public async Task<DeliveryOutcome> SendAsync(string url, IReadOnlyList<string> secrets, string eventId, WebhookPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var now = timeProvider.GetUtcNow();
        var body = JsonSerializer.Serialize(payload, json.Value.JsonSerializerOptions);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", string.Join(' ', secrets.Select(s => new StandardWebhook(s).Sign(eventId, now, body))));

        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var duration = Elapsed();
            await ReadSomeAsync(response, cancellationToken);
            return new DeliveryOutcome(status, duration, status is >= 200 and < 300
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"The receiver answered {status}{(status is >= 300 and < 400 ? "; redirects are not followed" : string.Empty)}."));
        }
        catch (TimeoutRejectedException)
        {
            return new DeliveryOutcome(null, Elapsed(), "No answer within 10 seconds.");
        }
        catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
        {
            var refused = exception.InnerException as WebhookTargetRefusedException;
            return new DeliveryOutcome(null, Elapsed(), Truncate(refused?.Message ?? $"The request failed: {exception.HttpRequestError}."));
        }
    }

    /// <summary>
    /// Reads at most <see cref="MaxResponseBytes"/> of the answer, so that a short one leaves its connection ready for the
    /// next delivery; a longer one is cut off (disposing it unread closes the connection). Nothing of it is kept.
    /// </summary>
    private static async Task ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxResponseBytes);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            var read = 0;
            int last;
            do
            {
                last = await body.ReadAsync(buffer.AsMemory(read, MaxResponseBytes - read), deadline.Token);
                read += last;
            }
            while (last > 0 && read < MaxResponseBytes);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // The status decided the outcome; an answer that breaks off after it changes nothing.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Truncate(string error) => error.Length <= WebhookDelivery.ErrorMaxLength ? error : error[..WebhookDelivery.ErrorMaxLength];

    /// <summary>The named client deliveries go through: targets checked at every connection, no redirects, no proxy, no cookies, a 10 s timeout.</summary>
    internal static void AddWebhookClient(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = provider.GetRequiredService<WebhookTargets>().ConnectAsync,
                ConnectTimeout = Timeout,
                // What is left of an answer after MaxResponseBytes is never read: the connection is closed instead.
                MaxResponseDrainSize = 0,
                MaxResponseHeadersLength = MaxResponseBytes / 1024,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .AddResilienceHandler(ClientName, pipeline =>
            {
                // A network timeout runs on real time, whatever clock the business runs on.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = Timeout });
            });
    }
}
