using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Idempotency;

/// <summary>How long <c>Idempotency-Key</c> answers are kept (<c>Idempotency__*</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a key is remembered; a retry within this time gets the original answer.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
