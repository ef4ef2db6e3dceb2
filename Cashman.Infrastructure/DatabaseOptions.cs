using System.ComponentModel.DataAnnotations;

namespace Cashman.Infrastructure;

/// <summary>
/// Where the database is (<c>ConnectionStrings__Cashman</c>) and how hard to try when it does not answer
/// (<c>Database__*</c>). Validated at start.
/// </summary>
/// <remarks>
/// The defaults bound a request while PostgreSQL is unreachable: when the server refuses connections, the
/// 1 + <see cref="MaxRetryCount"/> attempts and the waits between them (at most <see cref="MaxRetryDelay"/> each)
/// take about 2.5 s before the request is answered 503; when the host does not answer at all, each attempt also
/// waits up to <see cref="ConnectTimeoutSeconds"/>.
/// </remarks>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    [Required(AllowEmptyStrings = false, ErrorMessage =
        "No database configured: set ConnectionStrings__Cashman (for example \"Host=localhost;Port=5432;Database=cashman;Username=cashman;Password=...\").")]
    public string? ConnectionString { get; set; }

    /// <summary>How many times a database call that failed transiently is tried again.</summary>
    [Range(0, 10)]
    public int MaxRetryCount { get; set; } = 3;

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long opening a connection may take, unless the connection string sets <c>Timeout</c> itself.</summary>
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 3;

    /// <summary>How long a command may run, unless the connection string sets <c>Command Timeout</c> itself.</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 15;
}
