using Cashman.Api.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Cashman.Tests.Unit.Api;

public sealed class WindowedRateLimiterTests
{
    private static readonly DateTimeOffset MinuteStart = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void AWindowAllowsItsQuotaThenRefusesUntilTheNextMinute()
    {
        var clock = new FakeTimeProvider(MinuteStart.AddSeconds(15));
        var limiter = new WindowedRateLimiter("test", () => 2, clock);
        var decisions = Enumerable.Range(0, 3).Select(_ => limiter.Acquire("a")).ToList();
        Assert.That(decisions.Select(d => (d.Allowed, d.Remaining, d.ResetSeconds)), Is.EqualTo(new[] { (true, 1, 45), (true, 0, 45), (false, 0, 45) }));

        clock.Advance(TimeSpan.FromSeconds(45));
        Assert.That(limiter.Acquire("a"), Is.EqualTo(new WindowedRateLimiter.Decision(limiter, true, 1, 60)));
    }

    [Test]
    public void PartitionsAreCountedApart()
    {
        var limiter = new WindowedRateLimiter("test", () => 1, new FakeTimeProvider(MinuteStart));
        Assert.That(limiter.Acquire("a").Allowed, Is.True);
        Assert.That(limiter.Acquire("b").Allowed, Is.True);
        Assert.That(limiter.Acquire("a").Allowed, Is.False);
    }

    [Test]
    public void TheQuotaIsReadOnEveryRequest()
    {
        var quota = 1;
        var limiter = new WindowedRateLimiter("test", () => quota, new FakeTimeProvider(MinuteStart));
        Assert.That(limiter.Acquire("a").Allowed, Is.True);
        quota = 2;
        Assert.That(limiter.Acquire("a").Allowed, Is.True);
        Assert.That(limiter.Quota, Is.EqualTo(2));
    }

    [Test]
    public void CallersOfPastMinutesAreForgottenAndStartAfresh()
    {
        var clock = new FakeTimeProvider(MinuteStart);
        var limiter = new WindowedRateLimiter("test", () => 1, clock);
        for (var i = 0; i < 1000; i++)
        {
            limiter.Acquire($"caller {i}");
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(limiter.Acquire("caller 0").Allowed, Is.True, "a new window for an old caller");
        Assert.That(limiter.Acquire("caller 0").Allowed, Is.False);
    }
}
