using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.RateLimiting;

/// <summary>
/// <c>RateLimiting__AuthPerMinute</c>: login, register and refresh calls allowed per client address per minute;
/// <c>RateLimiting__PerUserPerMinute</c>: authenticated requests allowed per account per minute.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    [Range(1, 1_000_000)]
    public int AuthPerMinute { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int PerUserPerMinute { get; set; } = 600;
}
