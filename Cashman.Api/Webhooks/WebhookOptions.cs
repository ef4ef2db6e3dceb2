using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Webhooks;

/// <summary>The <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// <c>Webhooks__AllowPrivateTargets</c>: lets targets be on loopback, private, link-local and other non-public
    /// addresses, and use <c>http</c> (tests, and home servers whose receiver is on the same network). Off by default.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary><c>Webhooks__Interval</c>: how often each replica looks for changes to deliver.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Webhooks__Concurrency</c>: webhooks one replica delivers to at once (each holds a database connection meanwhile).</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 8;
}
