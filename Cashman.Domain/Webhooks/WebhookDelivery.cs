namespace Cashman.Domain.Webhooks;

/// <summary>One attempt to deliver an event to a webhook, as <c>GET /webhooks/{id}/deliveries</c> shows it; kept <see cref="Lifetime"/>.</summary>
public sealed class WebhookDelivery
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public const int EventIdMaxLength = 64;

    public const int ErrorMaxLength = 300;

    public required Guid UserId { get; init; }

    public required Guid WebhookId { get; init; }

    public required Guid Id { get; init; }

    /// <summary>The event's <c>webhook-id</c>, the same on every attempt.</summary>
    public required string EventId { get; init; }

    public required string EventType { get; init; }

    public required DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The receiver's status code, or null when no answer came (refused, unreachable, timed out).</summary>
    public int? StatusCode { get; init; }

    public required int DurationMs { get; init; }

    /// <summary>Why the attempt failed, or null after a 2xx.</summary>
    public string? Error { get; init; }

    public bool Succeeded => StatusCode is >= 200 and < 300;
}
