namespace Cashman.Tests.Integration;

/// <summary>A clock that throws, to make a request fail in a way no handler expects.</summary>
public sealed class BrokenClock : TimeProvider
{
    public const string Secret = "clock-internals-must-not-leak";

    public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Secret);
}
