using System.Text.Json;
using Cashman.Api.Http;

namespace Cashman.Tests.Unit.Api;

public sealed class UtcDateTimeOffsetConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcDateTimeOffsetConverter() } };

    [Test]
    public void TimestampsAreWrittenInUtcWithZ()
    {
        var value = new DateTimeOffset(2026, 11, 23, 10, 15, 42, TimeSpan.FromHours(2)).AddTicks(1234560);
        Assert.That(JsonSerializer.Serialize(value, Options), Is.EqualTo("\"2026-11-23T08:15:42.123456Z\""));
    }

    [Test]
    public void WholeSecondsHaveNoFraction() =>
        Assert.That(JsonSerializer.Serialize(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Options), Is.EqualTo("\"2026-01-02T03:04:05Z\""));

    [Test]
    public void TimestampsWithAnyOffsetAreReadBackAsTheSameInstant()
    {
        var read = JsonSerializer.Deserialize<DateTimeOffset>("\"2026-11-23T10:15:42+02:00\"", Options);
        Assert.That(read, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 8, 15, 42, TimeSpan.Zero)));
    }
}
