using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Cashman.Api.RateLimiting;

/// <summary>
/// A named budget of requests per partition (an account, a client address) in each clock-aligned minute.
/// </summary>
/// <remarks>
/// Written here rather than on <c>System.Threading.RateLimiting</c>: its fixed-window limiter neither reports when its
/// window resets (which the <c>RateLimit</c> header field must say) nor runs on <see cref="TimeProvider"/>. Counts are
/// per instance, like the framework's limiters.
/// </remarks>
/// <param name="name">The policy's name in the header fields.</param>
/// <param name="quota">Requests allowed per window (read on every request, so configuration reloads apply).</param>
/// <param name="timeProvider">The clock.</param>
public sealed class WindowedRateLimiter(string name, Func<int> quota, TimeProvider timeProvider)
{
    private static readonly long WindowTicks = TimeSpan.FromMinutes(1).Ticks;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _sweptWindow;

    public string Name => name;

    public int Quota => quota();

    public static int WindowSeconds => (int)(WindowTicks / TimeSpan.TicksPerSecond);

    /// <summary>Counts a request of <paramref name="partition"/>; the outcome says whether it fits and what is left.</summary>
    public Decision Acquire(string partition)
    {
        var limit = Quota;
        var now = timeProvider.GetUtcNow().UtcTicks;
        var current = now / WindowTicks;
        SweepOldWindows(current);
        var window = _windows.GetOrAdd(partition, static _ => new Window());
        int used;
        lock (window)
        {
            if (window.Number != current)
            {
                window.Number = current;
                window.Count = 0;
            }

            used = window.Count < limit ? ++window.Count : limit + 1;
        }

        var resetSeconds = (int)Math.Ceiling((double)(((current + 1) * WindowTicks) - now) / TimeSpan.TicksPerSecond);
        return new Decision(this, used <= limit, Math.Max(0, limit - used), Math.Max(1, resetSeconds));
    }

    /// <summary>Once per window, forgets partitions whose window has passed, so memory follows the active callers.</summary>
    private void SweepOldWindows(long current)
    {
        var swept = Interlocked.Read(ref _sweptWindow);
        if (swept == current || Interlocked.CompareExchange(ref _sweptWindow, current, swept) != swept)
        {
            return;
        }

        foreach (var (partition, window) in _windows)
        {
            if (window.Number < current)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(partition, window));
            }
        }
    }

    /// <param name="Limiter">The budget this decision is about.</param>
    /// <param name="Allowed">Whether the request fits the budget.</param>
    /// <param name="Remaining">Requests left in this window.</param>
    /// <param name="ResetSeconds">Seconds until the window resets.</param>
    public readonly record struct Decision(WindowedRateLimiter Limiter, bool Allowed, int Remaining, int ResetSeconds);

    private sealed class Window
    {
        public long Number { get; set; } = -1;

        public int Count { get; set; }
    }
}

/// <summary>The API's two budgets: per client address on the credential endpoints, per account on everything authenticated.</summary>
public sealed class RateLimits(IOptionsMonitor<RateLimitingOptions> options, TimeProvider timeProvider)
{
    public WindowedRateLimiter PerAddress { get; } = new("per-address", () => options.CurrentValue.AuthPerMinute, timeProvider);

    public WindowedRateLimiter PerUser { get; } = new("per-user", () => options.CurrentValue.PerUserPerMinute, timeProvider);
}

/// <summary>Puts an action under the per-address budget (<c>RateLimiting__AuthPerMinute</c>): login, register, refresh, password.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RateLimitedByAddressAttribute : Attribute;
