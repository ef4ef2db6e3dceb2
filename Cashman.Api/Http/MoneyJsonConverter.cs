using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cashman.Domain.Money;

namespace Cashman.Api.Http;

/// <summary>
/// Money on the wire. Reading checks the exact value of the JSON number as written, before anything rounds it:
/// <c>5.000</c> is 5.00, while <c>0.005</c> and <c>0.0099999999999999999999999999999</c> (which a plain decimal read would
/// round to 0.01) need more decimals than any currency has and are rejected; whether an amount fits its own currency
/// (<c>500.5</c> JPY does not) is the domain's rule. Writing gives the value's own decimals, which are its currency's.
/// </summary>
public class MoneyJsonConverter : JsonConverter<decimal>
{
    /// <summary>The most decimals a number may need; past that nothing is read.</summary>
    protected virtual int MaxDecimals => Currencies.MaxMinorUnits;

    /// <summary>More integer digits than this is far beyond any amount the domain accepts.</summary>
    private const int MaxIntegerDigits = 15;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("An amount must be a JSON number.");
        }

        var text = Encoding.ASCII.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        return Parse(text, MaxDecimals);
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // Amounts reach here with exactly their currency's decimals (stored so, or made so by Currencies.Exact).
        writer.WriteNumberValue(value);
    }

    /// <summary>The exact value of a JSON number (RFC 8259 grammar, already checked by the reader).</summary>
    /// <exception cref="InvalidAmountException">It needs more than two decimals, or is far out of range.</exception>
    internal static decimal Parse(string number, int maxDecimals = Currencies.MaxMinorUnits)
    {
        ArgumentNullException.ThrowIfNull(number);
        var negative = number.StartsWith('-');
        var body = negative ? number[1..] : number;
        var exponentAt = body.AsSpan().IndexOfAny('e', 'E');
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var exponent = exponentAt < 0 ? 0L : ParseExponent(body[(exponentAt + 1)..]);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, point), mantissa.AsSpan(point + 1));
        if (point >= 0)
        {
            exponent -= mantissa.Length - point - 1;
        }

        // value = digits × 10^exponent, with digits reduced to its significant part.
        digits = digits.TrimStart('0');
        var significant = digits.TrimEnd('0');
        if (significant.Length == 0)
        {
            return 0m;
        }

        exponent += digits.Length - significant.Length;
        if (exponent < -maxDecimals)
        {
            throw new InvalidAmountException(maxDecimals == Currencies.MaxMinorUnits
                ? $"The amount has more decimals than any currency has (at most {Currencies.MaxMinorUnits})."
                : $"The number must have at most {maxDecimals} decimals.");
        }

        if (significant.Length + exponent > MaxIntegerDigits)
        {
            throw new InvalidAmountException(
                $"The amount must be between one minor unit of its currency and {MoneyRules.MaxAbsoluteAmount:0} in absolute value.");
        }

        var value = decimal.Parse(
            string.Create(CultureInfo.InvariantCulture, $"{significant}E{exponent}"),
            NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    /// <summary>An exponent, saturated far beyond what could still be in range either way.</summary>
    private static long ParseExponent(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('+', '-').TrimStart('0');
        var magnitude = digits.Length > 9 ? 1_000_000_000L : digits.Length == 0 ? 0 : long.Parse(digits, CultureInfo.InvariantCulture);
        return negative ? -magnitude : magnitude;
    }
}

/// <summary>A JSON amount that no rounding may turn into a valid one; its message is the client's.</summary>
public sealed class InvalidAmountException(string message) : JsonException(message);

/// <summary>An exchange rate on the wire: read exactly, like money, with up to 10 decimals.</summary>
public sealed class RateJsonConverter : MoneyJsonConverter
{
    protected override int MaxDecimals => MoneyRules.RateScale;
}
