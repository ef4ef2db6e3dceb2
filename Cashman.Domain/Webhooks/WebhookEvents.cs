using Cashman.Domain.Common;

namespace Cashman.Domain.Webhooks;

/// <summary>The event types a webhook can ask for: one per kind of change in the change feed.</summary>
public static class WebhookEvents
{
    public const string TransactionCreated = "transaction.created";
    public const string TransactionUpdated = "transaction.updated";
    public const string TransactionDeleted = "transaction.deleted";

    /// <summary>What <c>POST /webhooks/{id}/test</c> sends; never a subscription.</summary>
    public const string Test = "webhook.test";

    /// <summary>Every type a webhook can ask for, in the order they are listed.</summary>
    public static readonly IReadOnlyList<string> All = [TransactionCreated, TransactionUpdated, TransactionDeleted];

    /// <summary>The types a webhook can ask for, as a pattern.</summary>
    public const string Pattern = "^transaction\\.(created|updated|deleted)$";

    /// <summary>The longest type name.</summary>
    public const int MaxLength = 19;

    /// <summary>The types asked for, each once, in the order of <see cref="All"/>; null or absent asks for all of them.</summary>
    /// <exception cref="DomainValidationException">An unknown type, or an empty list.</exception>
    public static string[] Normalise(IReadOnlyCollection<string>? events)
    {
        if (events is null)
        {
            return [.. All];
        }

        var unknown = events.Where(e => !All.Contains(e, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainValidationException.For("events", $"Unknown event type; use {string.Join(", ", All)}.");
        }

        return events.Count == 0
            ? throw DomainValidationException.For("events", "Ask for at least one event type, or leave events out for all of them.")
            : [.. All.Where(events.Contains)];
    }
}
