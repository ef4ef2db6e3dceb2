using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Operations;

/// <summary><c>Cleanup__Interval</c>: how often rows past their retention are deleted.</summary>
public sealed class CleanupOptions
{
    public const string SectionName = "Cleanup";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
