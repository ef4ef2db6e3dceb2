using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Transactions;
using Cashman.Domain.Common;
using Cashman.Domain.Webhooks;

namespace Cashman.Api.Webhooks;

/// <summary>The body of <c>POST /webhooks</c> and <c>PUT /webhooks/{id}</c>.</summary>
public sealed record WebhookRequest
{
    /// <summary>Where deliveries are sent: an https URL on a public address, at most 2048 characters.</summary>
    /// <example>https://hooks.example.com/cashman</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxLength = Webhook.UrlMaxLength)]
    public string? Url { get; init; }

    /// <summary>Optional: what it is for, at most 200 characters.</summary>
    /// <example>Spreadsheet sync</example>
    [SchemaLimits(MaxLength = Webhook.DescriptionMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Description { get; init; }

    /// <summary>Optional: the event types to deliver; all of them when absent.</summary>
    /// <example>["transaction.created", "transaction.deleted"]</example>
    [SchemaLimits(MinLength = 1, MaxItems = 3, MaxLength = WebhookEvents.MaxLength, Pattern = WebhookEvents.Pattern)]
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>
    /// Optional, on <c>PUT</c>: <c>active</c> or <c>disabled</c>; unchanged when absent. Enabling a disabled webhook resumes
    /// delivery from where it stopped.
    /// </summary>
    /// <example>active</example>
    [SchemaLimits(MaxLength = 8, Pattern = "^(active|disabled)$")]
    public string? Status { get; init; }
}

/// <summary>A webhook, without its secret.</summary>
public record WebhookResponse : IVersionedResponse
{
    public required Guid Id { get; init; }

    /// <example>https://hooks.example.com/cashman</example>
    [SchemaLimits(MinLength = 1, MaxLength = Webhook.UrlMaxLength)]
    public required string Url { get; init; }

    /// <example>Spreadsheet sync</example>
    [SchemaLimits(MaxLength = Webhook.DescriptionMaxLength)]
    public required string Description { get; init; }

    /// <summary>The event types delivered.</summary>
    [SchemaLimits(MinLength = 1, MaxItems = 3, MaxLength = WebhookEvents.MaxLength, Pattern = WebhookEvents.Pattern)]
    public required IReadOnlyList<string> Events { get; init; }

    /// <summary><c>active</c>, or <c>disabled</c> (by you, or after three days of failed deliveries).</summary>
    /// <example>active</example>
    [SchemaLimits(MaxLength = 8, Pattern = "^(active|disabled)$")]
    public required string Status { get; init; }

    /// <summary>When the failures in a row began, or null while deliveries succeed.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>While failing: when the next attempt is made.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore]
    public Guid Version { get; init; }

    public static WebhookResponse From(Webhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return new WebhookResponse
        {
            Id = webhook.Id,
            Url = webhook.Url,
            Description = webhook.Description,
            Events = webhook.Events,
            Status = StatusName(webhook.Status),
            FailingSince = webhook.FailingSince,
            NextAttemptAt = webhook.FailingSince is null ? null : webhook.NextAttemptAt,
            CreatedAt = webhook.CreatedAt,
            UpdatedAt = webhook.UpdatedAt,
            Version = webhook.Version,
        };
    }

    public static string StatusName(WebhookStatus status) => status == WebhookStatus.Active ? "active" : "disabled";
}

/// <summary>A webhook with its secret, shown when it is created and when the secret is rotated, and never again.</summary>
public sealed record WebhookWithSecretResponse : WebhookResponse
{
    /// <summary>
    /// The signing secret: <c>whsec_</c> and base64. Verify each delivery's <c>webhook-signature</c> with it (any Standard
    /// Webhooks library does). Store it now: it is not shown again.
    /// </summary>
    /// <example>whsec_Q2FzaG1hbiBzYW1wbGUgc2VjcmV0IDMyIGJ5dGVzISE=</example>
    [SchemaLimits(MinLength = 50, MaxLength = 50)]
    public required string Secret { get; init; }

    public WebhookWithSecretResponse()
    {
    }

    [SetsRequiredMembers]
    private WebhookWithSecretResponse(WebhookResponse webhook, string secret)
        : base(webhook) => Secret = secret;

    public static WebhookWithSecretResponse From(Webhook webhook, string secret) => new(WebhookResponse.From(webhook), secret);
}

/// <summary>Every webhook of the caller, oldest first.</summary>
public sealed record WebhookListResponse([property: SchemaLimits(MaxItems = Webhook.MaxPerUser)] IReadOnlyList<WebhookResponse> Items);

/// <summary>One delivery attempt.</summary>
public sealed record DeliveryResponse
{
    public required Guid Id { get; init; }

    /// <summary>The event's <c>webhook-id</c>: the same on every attempt to deliver it.</summary>
    /// <example>msg_0193f4b2c1d07a4e8b5f6a7b8c9d0e1f_42</example>
    [SchemaLimits(MinLength = 1, MaxLength = WebhookDelivery.EventIdMaxLength)]
    public required string EventId { get; init; }

    /// <example>transaction.created</example>
    [SchemaLimits(MaxLength = WebhookEvents.MaxLength)]
    public required string EventType { get; init; }

    public required DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The receiver's status code, or null when no answer came.</summary>
    /// <example>200</example>
    [SchemaLimits(Minimum = "100", Maximum = "999")]
    public int? StatusCode { get; init; }

    /// <summary>Milliseconds from sending to the answer (or the failure).</summary>
    [SchemaLimits(Minimum = "0", Maximum = "2147483647")]
    public required int DurationMs { get; init; }

    /// <summary>True for a 2xx.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Why it failed (a status code, a refused address, a timeout), or null.</summary>
    [SchemaLimits(MaxLength = WebhookDelivery.ErrorMaxLength)]
    public string? Error { get; init; }

    public static DeliveryResponse From(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new DeliveryResponse
        {
            Id = delivery.Id,
            EventId = delivery.EventId,
            EventType = delivery.EventType,
            AttemptedAt = delivery.AttemptedAt,
            StatusCode = delivery.StatusCode,
            DurationMs = delivery.DurationMs,
            Succeeded = delivery.Succeeded,
            Error = delivery.Error,
        };
    }
}

/// <summary>Paging of <c>GET /webhooks/{id}/deliveries</c>.</summary>
public sealed record DeliveryListQuery
{
    /// <summary>1-based page number.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "The page must be 1 or more.")]
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1 to 100.</summary>
    [Range(1, ListQuery.MaxPageSize, ErrorMessage = "The pageSize must be between 1 and 100.")]
    public int PageSize { get; init; } = ListQuery.DefaultPageSize;
}

/// <summary>
/// The body of every delivery, as the Standard Webhooks specification has it: <c>type</c>, <c>timestamp</c> (when the
/// change was made) and <c>data</c>, the change as <c>GET /changes</c> gives it.
/// </summary>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, object Data);
