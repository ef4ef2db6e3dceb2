using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Operations;

/// <summary>Graceful shutdown (<c>Shutdown__Timeout</c>): how long requests in flight may take to finish after SIGTERM.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>Keep it below the orchestrator's grace period (compose: <c>stop_grace_period: 30s</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
