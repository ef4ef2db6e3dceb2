using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cashman.Api.Http;

/// <summary>Writes timestamps as ISO 8601 in UTC with a <c>Z</c> (2026-11-23T08:15:42.123456Z).</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The wire form of a timestamp's UTC <see cref="DateTime"/>, also used by the CSV export.</summary>
    public const string WireFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'";

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }
}
