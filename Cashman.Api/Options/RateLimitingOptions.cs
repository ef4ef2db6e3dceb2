using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Options;

/// <summary><c>RateLimiting__AuthPerMinute</c>: login, register and refresh calls allowed per client address per minute.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";
    public const string AuthPolicy = "auth";

    [Range(1, 1_000_000)]
    public int AuthPerMinute { get; set; } = 10;
}
