using System.Text.RegularExpressions;
using Cashman.Api.Http;

namespace Cashman.Api.Imports;

/// <summary>
/// Amounts written as text (a CSV cell, a query parameter) read at their exact value, like JSON amounts
/// (<see cref="MoneyJsonConverter"/>): nothing rounds <c>0.0099999999999999999999999999999</c> into a valid amount.
/// A grouping separator is accepted only between groups of exactly three digits (<c>2.500,00</c>, <c>1,234.50</c>), so
/// that <c>1,50</c> read with the decimal point <c>.</c> is an error, never 150.
/// </summary>
public static partial class AmountText
{
    /// <summary>Reads <paramref name="text"/> with <paramref name="decimalSeparator"/> before the cents and the other of <c>.</c> and <c>,</c> grouping thousands.</summary>
    /// <returns>The exact value, or null when the text is not such a number.</returns>
    /// <exception cref="InvalidAmountException">It is a number, but needs more decimals than an amount has, or is far out of range.</exception>
    public static decimal? Parse(string? text, char decimalSeparator)
    {
        if (text is null)
        {
            return null;
        }

        var match = (decimalSeparator == ',' ? CommaDecimals() : PointDecimals()).Match(text);
        if (!match.Success)
        {
            return null;
        }

        var integer = match.Groups["integer"].Value.Replace(decimalSeparator == ',' ? "." : ",", string.Empty, StringComparison.Ordinal);
        var fraction = match.Groups["fraction"].Value;
        if (integer.Length == 0 && fraction.Length == 0)
        {
            return null;
        }

        var number = string.Concat(match.Groups["sign"].Value == "-" ? "-" : string.Empty, integer.Length == 0 ? "0" : integer, fraction.Length == 0 ? string.Empty : "." + fraction);
        return MoneyJsonConverter.Parse(number);
    }

    /// <summary><c>1234.5</c>, <c>1,234.50</c>, <c>-0.5</c>, <c>.5</c>: <c>,</c> only between groups of three.</summary>
    [GeneratedRegex(@"^(?<sign>[+-]?)(?<integer>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PointDecimals();

    /// <summary><c>1234,5</c>, <c>2.500,00</c>, <c>-0,5</c>: <c>.</c> only between groups of three.</summary>
    [GeneratedRegex(@"^(?<sign>[+-]?)(?<integer>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]*)(?:,(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommaDecimals();
}
