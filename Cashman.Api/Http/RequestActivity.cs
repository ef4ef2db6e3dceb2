namespace Cashman.Api.Http;

/// <summary>
/// How many requests this process has begun, counted by <see cref="RequestLoggingMiddleware"/>: background work (posting
/// recurring transactions after downtime) looks at it to leave the machine to requests while they come.
/// </summary>
public sealed class RequestActivity
{
    private long _started;

    /// <summary>Requests begun since the process started.</summary>
    public long Started => Interlocked.Read(ref _started);

    public void Begin() => Interlocked.Increment(ref _started);
}
