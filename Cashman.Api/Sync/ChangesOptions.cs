using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Sync;

/// <summary>
/// <c>Changes__RetentionDays</c>: how long delete markers stay in the change feed; a cursor older than this is refused
/// (410), since deletes it would need may be gone.
/// </summary>
public sealed class ChangesOptions
{
    public const string SectionName = "Changes";

    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>How long a cursor stays valid.</summary>
    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);

    /// <summary>
    /// How long delete markers are kept: a day past the cursors' validity, so that replicas' clocks and a write that
    /// began just before its cursor's instant never leave a valid cursor without a marker it needs.
    /// </summary>
    public TimeSpan MarkerLifetime => Retention + TimeSpan.FromDays(1);
}
