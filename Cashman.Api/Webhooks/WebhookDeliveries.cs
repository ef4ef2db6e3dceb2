using System.Globalization;
using Cashman.Api.Sync;
using Cashman.Domain.Webhooks;

namespace Cashman.Api.Webhooks;

/// <summary>What an event is called and what is recorded of an attempt to deliver it.</summary>
public static class WebhookDeliveries
{
    public static WebhookDelivery Record(Webhook webhook, string eventId, string eventType, DateTimeOffset at, DeliveryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(outcome);
        return new WebhookDelivery
        {
            UserId = webhook.UserId,
            WebhookId = webhook.Id,
            Id = Guid.CreateVersion7(at),
            EventId = eventId,
            EventType = eventType,
            AttemptedAt = at,
            StatusCode = outcome.StatusCode,
            DurationMs = outcome.DurationMs,
            Error = outcome.Error,
        };
    }

    /// <summary>
    /// An event's <c>webhook-id</c>: the webhook and the change's number in the owner's feed, so that every retry of it
    /// carries the same id, and a receiver can drop duplicates and see the order of the owner's changes.
    /// </summary>
    public static string EventId(Guid webhookId, long seq) => string.Create(CultureInfo.InvariantCulture, $"msg_{webhookId:N}_{seq}");

    /// <summary>
    /// The event a change is for a receiver that has every change up to <paramref name="cursor"/>: a delete is
    /// <c>transaction.deleted</c>; a row created after the cursor is new to it (<c>transaction.created</c>, also when it was
    /// changed again since); any other row is <c>transaction.updated</c>.
    /// </summary>
    public static string EventType(FeedChange change, long cursor)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Change.Op == ChangeResponse.Delete ? WebhookEvents.TransactionDeleted
            : change.CreatedSeq > cursor ? WebhookEvents.TransactionCreated
            : WebhookEvents.TransactionUpdated;
    }
}
