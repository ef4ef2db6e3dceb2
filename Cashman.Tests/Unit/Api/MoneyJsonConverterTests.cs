using System.Text;
using System.Text.Json;
using Cashman.Api.Http;

namespace Cashman.Tests.Unit.Api;

public sealed class MoneyJsonConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new MoneyJsonConverter() } };

    [TestCase("5", "5")]
    [TestCase("5.000000", "5")]
    [TestCase("0.10", "0.1")]
    [TestCase("-0.01", "-0.01")]
    [TestCase("1E9", "1000000000")]
    [TestCase("1.5e+2", "150")]
    [TestCase("12345e-2", "123.45")]
    [TestCase("0", "0")]
    [TestCase("-0.000", "0")]
    [TestCase("0e-99999999999", "0")]
    [TestCase("1000000000.000000000000000000000000000000000000", "1000000000")]
    public void ReadsTheExactValueOfTheNumber(string json, string expected) =>
        Assert.That(JsonSerializer.Deserialize<decimal>(json, Options), Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase("0.00005")]
    [TestCase("0.00999999999999999999999999999999999")]
    [TestCase("1000000000.0000000000000000000001")]
    [TestCase("1e-5")]
    [TestCase("1e-99999999999")]
    public void ANumberThatNeedsMoreDecimalsThanAnyCurrencyHasIsRejectedWithItsReason(string json) =>
        Assert.That(() => JsonSerializer.Deserialize<decimal>(json, Options), Throws.TypeOf<InvalidAmountException>().With.Message.Contain("at most 4"));

    [TestCase("0.005", "0.005")]
    [TestCase("1.2345", "1.2345")]
    public void ANumberWithUpToFourDecimalsIsLeftToItsCurrencysRule(string json, string expected) =>
        Assert.That(JsonSerializer.Deserialize<decimal>(json, Options), Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [TestCase("1e400")]
    [TestCase("1e99999999999")]
    [TestCase("-123456789012345678")]
    public void ANumberFarOutOfRangeIsRejectedWithItsReason(string json) =>
        Assert.That(() => JsonSerializer.Deserialize<decimal>(json, Options), Throws.TypeOf<InvalidAmountException>().With.Message.Contain("between"));

    [TestCase("\"5\"")]
    [TestCase("true")]
    public void AnythingButANumberIsNotAnAmount(string json) =>
        Assert.That(() => JsonSerializer.Deserialize<decimal>(json, Options), Throws.InstanceOf<JsonException>());

    [Test]
    public void ANullableAmountMayBeNull() =>
        Assert.That(JsonSerializer.Deserialize<decimal?>("null", Options), Is.Null);

    [TestCase("500", "500")]
    [TestCase("-5.00", "-5.00")]
    [TestCase("-5.000", "-5.000")]
    [TestCase("1234567.89", "1234567.89")]
    public void WritesTheDecimalsTheAmountCarries(string value, string expected) =>
        Assert.That(JsonSerializer.Serialize(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Options), Is.EqualTo(expected));

    [Test]
    public void ReadsANumberSplitAcrossBuffers()
    {
        var bytes = Encoding.ASCII.GetBytes("123.45");
        var first = new Segment(bytes.AsMemory(0, 3));
        var last = first.Append(bytes.AsMemory(3));
        var reader = new Utf8JsonReader(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        reader.Read();
        Assert.That(new MoneyJsonConverter().Read(ref reader, typeof(decimal), Options), Is.EqualTo(123.45m));
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
