using System.Collections.Concurrent;
using Cashman.Api.Options;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Authentication;

/// <summary>
/// The per-caller budget of authenticated requests: <c>RateLimiting__PerUserPerMinute</c> in each clock-aligned minute.
/// </summary>
/// <remarks>
/// Written here rather than on <c>System.Threading.RateLimiting</c>: its fixed-window limiter neither reports when its
/// window resets (which the <c>RateLimit</c> header field must say) nor runs on <see cref="TimeProvider"/>. Counts are
/// per instance, like the framework's limiters.
/// </remarks>
public sealed class CallerRateLimiter(IOptions<RateLimitingOptions> options, TimeProvider timeProvider)
{
    public const string PolicyName = "per-user";

    private static readonly long WindowTicks = TimeSpan.FromMinutes(1).Ticks;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _sweptWindow;

    public int Quota => options.Value.PerUserPerMinute;

    public static int WindowSeconds => (int)(WindowTicks / TimeSpan.TicksPerSecond);

    /// <summary>Counts a request of <paramref name="caller"/>; the outcome says whether it fits and what is left.</summary>
    public Decision Acquire(string caller)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var current = now / WindowTicks;
        SweepOldWindows(current);
        var window = _windows.GetOrAdd(caller, static _ => new Window());
        int used;
        lock (window)
        {
            if (window.Number != current)
            {
                window.Number = current;
                window.Count = 0;
            }

            used = window.Count < Quota ? ++window.Count : Quota + 1;
        }

        var resetSeconds = (int)Math.Ceiling((double)(((current + 1) * WindowTicks) - now) / TimeSpan.TicksPerSecond);
        return new Decision(used <= Quota, Math.Max(0, Quota - used), Math.Max(1, resetSeconds));
    }

    /// <summary>Once per window, forgets callers whose window has passed, so memory follows the active callers.</summary>
    private void SweepOldWindows(long current)
    {
        var swept = Interlocked.Read(ref _sweptWindow);
        if (swept == current || Interlocked.CompareExchange(ref _sweptWindow, current, swept) != swept)
        {
            return;
        }

        foreach (var (caller, window) in _windows)
        {
            if (window.Number < current)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(caller, window));
            }
        }
    }

    /// <param name="Allowed">Whether the request fits the budget.</param>
    /// <param name="Remaining">Requests left in this window.</param>
    /// <param name="ResetSeconds">Seconds until the window resets.</param>
    public readonly record struct Decision(bool Allowed, int Remaining, int ResetSeconds);

    private sealed class Window
    {
        public long Number { get; set; } = -1;

        public int Count { get; set; }
    }
}
