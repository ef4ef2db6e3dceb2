using System.Text.RegularExpressions;
using Cashman.Api.Http;
using Cashman.Domain.Money;

namespace Cashman.Api.Imports;

/// <summary>
/// Amounts written as text (a CSV cell, a query parameter) read at their exact value, like JSON amounts
/// (<see cref="MoneyJsonConverter"/>): nothing rounds <c>0.0099999999999999999999999999999</c> into a valid amount.
/// A grouping separator is accepted only between groups of exactly three digits (<c>2.500,00</c>, <c>1,234.50</c>), so
/// that <c>1,50</c> read with the decimal point <c>.</c> is an error, never 150.
/// </summary>
public static partial class AmountText
{
    /// <summary>Currency symbols a bank may write beside an amount (<c>$1,234.56</c>, <c>1.718,70 €</c>).</summary>
    private const string Symbols = "$€£¥₹₩₪₺₽₴₦₱฿₫";

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
        return match.Success ? Exact(match, match.Groups["sign"].Value == "-") : null;
    }

    /// <summary>
    /// Reads an amount as a bank statement writes it: like <see cref="Parse"/>, and also with a leading <c>+</c>, a currency
    /// symbol or ISO code before or after the number (<c>-$5.00</c>, <c>12,00 EUR</c>), accounting parentheses for a
    /// negative (<c>(5.00)</c>), and digits grouped in threes by a space, a no-break space or <c>'</c> (<c>1 718,70</c>,
    /// <c>9'413.94</c>).
    /// </summary>
    /// <returns>The exact value and the currency code written beside it (null for none or a symbol), or null when the text is not such an amount.</returns>
    /// <exception cref="InvalidAmountException">It is a number, but needs more decimals than an amount has, or is far out of range.</exception>
    public static StatementAmount? ParseStatement(string? text, char decimalSeparator)
    {
        var rest = text.AsSpan().Trim(Blanks);
        var negative = false;
        if (rest is ['(', .., ')'])
        {
            negative = true;
            rest = rest[1..^1].Trim(Blanks);
        }

        string? currency = null;
        var signed = false;
        var marked = false;
        for (var changed = true; changed && rest.Length > 0;)
        {
            changed = false;
            if (!signed && rest[0] is '+' or '-')
            {
                negative ^= rest[0] == '-';
                signed = changed = true;
                rest = rest[1..].TrimStart(Blanks);
            }

            if (!marked && CurrencyMark(rest, fromStart: true, out var length, out var code))
            {
                currency = code;
                marked = changed = true;
                rest = rest[length..].TrimStart(Blanks);
            }
            else if (!marked && CurrencyMark(rest, fromStart: false, out length, out code))
            {
                currency = code;
                marked = changed = true;
                rest = rest[..^length].TrimEnd(Blanks);
            }
        }

        if (signed && text.AsSpan().Trim(Blanks) is ['(', ..])
        {
            return null;
        }

        var match = (decimalSeparator == ',' ? StatementCommaDecimals() : StatementPointDecimals()).Match(rest.ToString());
        return match.Success && Exact(match, negative) is { } value ? new StatementAmount(value, currency) : null;
    }

    /// <summary>White space around an amount, the no-break spaces included.</summary>
    private const string Blanks = " \t\u00A0\u202F";

    /// <summary>A currency symbol or a three-letter ISO code at one end of <paramref name="text"/>.</summary>
    private static bool CurrencyMark(ReadOnlySpan<char> text, bool fromStart, out int length, out string? code)
    {
        code = null;
        length = 0;
        if (text.Length == 0)
        {
            return false;
        }

        if (Symbols.Contains(fromStart ? text[0] : text[^1], StringComparison.Ordinal))
        {
            length = 1;
            return true;
        }

        if (text.Length > 3)
        {
            var letters = fromStart ? text[..3] : text[^3..];
            var next = fromStart ? text[3] : text[^4];
            if (!char.IsAsciiLetter(next) && Currencies.IsKnown(letters.ToString()))
            {
                code = letters.ToString();
                length = 3;
                return true;
            }
        }

        return false;
    }

    private static decimal? Exact(Match match, bool negative)
    {
        var integer = string.Concat(match.Groups["integer"].Value.Where(char.IsAsciiDigit));
        var fraction = match.Groups["fraction"].Value;
        if (integer.Length == 0 && fraction.Length == 0)
        {
            return null;
        }

        var number = string.Concat(negative ? "-" : string.Empty, integer.Length == 0 ? "0" : integer, fraction.Length == 0 ? string.Empty : "." + fraction);
        return MoneyJsonConverter.Parse(number);
    }

    /// <summary><c>1234.5</c>, <c>1,234.50</c>, <c>-0.5</c>, <c>.5</c>: <c>,</c> only between groups of three.</summary>
    [GeneratedRegex(@"^(?<sign>[+-]?)(?<integer>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PointDecimals();

    /// <summary><c>1234,5</c>, <c>2.500,00</c>, <c>-0,5</c>: <c>.</c> only between groups of three.</summary>
    [GeneratedRegex(@"^(?<sign>[+-]?)(?<integer>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]*)(?:,(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommaDecimals();

    /// <summary>Unsigned, <c>.</c> before the cents; one of <c>,</c>, space, no-break space or <c>'</c> only between groups of three.</summary>
    [GeneratedRegex(@"^(?<integer>[0-9]{1,3}(?<group>[, \u00A0\u202F'’])[0-9]{3}(?:\k<group>[0-9]{3})*|[0-9]*)(?:\.(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StatementPointDecimals();

    /// <summary>Unsigned, <c>,</c> before the cents; one of <c>.</c>, space, no-break space or <c>'</c> only between groups of three.</summary>
    [GeneratedRegex(@"^(?<integer>[0-9]{1,3}(?<group>[. \u00A0\u202F'’])[0-9]{3}(?:\k<group>[0-9]{3})*|[0-9]*)(?:,(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StatementCommaDecimals();
}

/// <summary>An amount read from a statement, and the ISO currency code written beside it, if any.</summary>
public readonly record struct StatementAmount(decimal Amount, string? Currency);
