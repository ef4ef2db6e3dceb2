namespace Cashman.Domain.Webhooks;

/// <summary>Whether a webhook is delivered to.</summary>
public enum WebhookStatus
{
    /// <summary>Delivered to.</summary>
    Active,

    /// <summary>Not delivered to: by the user's choice, or after three days of failures. Its cursor is kept.</summary>
    Disabled,
}
