using Cashman.Domain.Common;

namespace Cashman.Domain.Webhooks;

/// <summary>
/// Where a user's changes are delivered: a URL, the event types asked for, the secret deliveries are signed with, and
/// <see cref="CursorSeq"/>, the place in the owner's change feed up to which every change has been delivered (answered
/// with a 2xx) or was not asked for. Failures are retried with <see cref="RetryDelays"/>; after
/// <see cref="DisableAfter"/> of them the webhook is disabled, and enabling it again resumes from its cursor.
/// </summary>
public sealed class Webhook
{
    /// <summary>The most webhooks a user may have.</summary>
    public const int MaxPerUser = 10;

    public const int UrlMaxLength = 2048;

    public const int DescriptionMaxLength = 200;

    /// <summary>Secrets are <c>whsec_</c> and the base64 of this many random bytes (Standard Webhooks asks for 24 to 64).</summary>
    public const int SecretBytes = 32;

    public const string SecretPrefix = "whsec_";

    /// <summary>How long deliveries are also signed with the secret a rotation replaced, so that receivers can switch.</summary>
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromHours(24);

    /// <summary>How long failures go on before the webhook is disabled.</summary>
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(3);

    /// <summary>The wait after the first, second, ... failure in a row; the last one repeats.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromHours(24),
    ];

    private Webhook()
    {
        Url = Description = Secret = string.Empty;
        Events = [];
    }

    /// <param name="id">A new id.</param>
    /// <param name="userId">The owner.</param>
    /// <param name="url">Where deliveries go (its address was checked by the caller).</param>
    /// <param name="description">What it is for; may be empty.</param>
    /// <param name="events">The event types asked for (null: all).</param>
    /// <param name="status">Active, or created disabled.</param>
    /// <param name="secret">A new secret (<see cref="SecretPrefix"/> and base64).</param>
    /// <param name="cursorSeq">The owner's change-feed position now: changes after it are delivered.</param>
    /// <param name="now">The time of the write.</param>
    public Webhook(Guid id, Guid userId, Uri url, string? description, IReadOnlyCollection<string>? events, WebhookStatus status, string secret, long cursorSeq, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Id = id;
        UserId = userId;
        Secret = secret;
        CursorSeq = cursorSeq;
        CreatedAt = now;
        NextAttemptAt = now;
        Url = Description = string.Empty;
        Events = [];
        Update(url, description, events, status, now);
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Url { get; private set; }

    public string Description { get; private set; }

    /// <summary>The event types asked for, each once, in the order of <see cref="WebhookEvents.All"/>.</summary>
    public string[] Events { get; private set; }

    public WebhookStatus Status { get; private set; }

    /// <summary>The secret deliveries are signed with.</summary>
    public string Secret { get; private set; }

    /// <summary>The secret the last rotation replaced, still signing beside <see cref="Secret"/> until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretUntil { get; private set; }

    /// <summary>Every change of the owner numbered up to here has been delivered or was not asked for.</summary>
    public long CursorSeq { get; private set; }

    /// <summary>When the failures in a row began, or null while deliveries succeed.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>Failed attempts in a row.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>When the next attempt may be made: now while deliveries succeed, later after a failure.</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public Guid Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Replaces what the user controls. Enabling a disabled webhook clears its failures and makes it due at once, from
    /// its cursor.
    /// </summary>
    public void Update(Uri url, string? description, IReadOnlyCollection<string>? events, WebhookStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(url);
        var errors = new Dictionary<string, string[]>();
        var text = url.OriginalString;
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || string.IsNullOrEmpty(url.Host))
        {
            errors["url"] = ["The url must be an absolute https URL."];
        }
        else if (text.Length > UrlMaxLength)
        {
            errors["url"] = [$"The url must be at most {UrlMaxLength} characters."];
        }
        else if (url.UserInfo.Length > 0)
        {
            errors["url"] = ["The url must not carry a user name or password: verify the signature instead."];
        }
        else if (url.Fragment.Length > 0)
        {
            errors["url"] = ["The url must not have a fragment (#...)."];
        }

        var trimmed = description?.Trim() ?? string.Empty;
        if (trimmed.Length > DescriptionMaxLength)
        {
            errors["description"] = [$"The description must be at most {DescriptionMaxLength} characters."];
        }
        else if (TextRules.HasControlCharacter(trimmed))
        {
            errors["description"] = [TextRules.ControlCharacterMessage("description")];
        }

        string[] normalised = [];
        try
        {
            normalised = WebhookEvents.Normalise(events);
        }
        catch (DomainValidationException invalid)
        {
            errors["events"] = invalid.Errors["events"];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        if (status == WebhookStatus.Active && Status == WebhookStatus.Disabled)
        {
            FailingSince = null;
            FailedAttempts = 0;
            NextAttemptAt = now;
        }

        Url = url.AbsoluteUri;
        Description = trimmed;
        Events = normalised;
        Status = status;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>Signs with <paramref name="secret"/> from now on, and with the old secret too for <see cref="PreviousSecretLifetime"/>.</summary>
    public void RotateSecret(string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        PreviousSecret = Secret;
        PreviousSecretUntil = now + PreviousSecretLifetime;
        Secret = secret;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>The secrets a delivery at <paramref name="now"/> is signed with: the current one, and the previous one while it lasts.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && now < PreviousSecretUntil ? [Secret, previous] : [Secret];

    /// <summary>Whether a change of <paramref name="eventType"/> is delivered.</summary>
    public bool Wants(string eventType) => Events.Contains(eventType, StringComparer.Ordinal);

    /// <summary>Every change up to <paramref name="seq"/> is delivered (or not asked for): the cursor moves there and failures end.</summary>
    public void DeliveredUpTo(long seq, DateTimeOffset now)
    {
        CursorSeq = Math.Max(CursorSeq, seq);
        if (FailingSince is not null)
        {
            FailingSince = null;
            FailedAttempts = 0;
            Version = Guid.NewGuid();
        }

        NextAttemptAt = now;
    }

    /// <summary>
    /// A delivery failed at <paramref name="now"/>: the next attempt waits for the next of <see cref="RetryDelays"/>, and is
    /// made no later than <see cref="DisableAfter"/> after the first failure; a failure at or past that disables the webhook.
    /// </summary>
    public void Failed(DateTimeOffset now)
    {
        FailingSince ??= now;
        FailedAttempts++;
        var giveUpAt = FailingSince.Value + DisableAfter;
        if (now >= giveUpAt)
        {
            Status = WebhookStatus.Disabled;
        }
        else
        {
            var delay = RetryDelays[Math.Min(FailedAttempts, RetryDelays.Count) - 1];
            NextAttemptAt = now + delay < giveUpAt ? now + delay : giveUpAt;
        }

        Version = Guid.NewGuid();
    }
}
