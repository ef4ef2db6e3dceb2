namespace Cashman.Domain.Money;

/// <summary>
/// International bank account numbers (ISO 13616): two letters of a country, two check digits, then 11 to 30 letters
/// and digits. The check digits make the whole number, read with letters as 10 to 35 and its first four characters
/// moved to the end, leave 1 when divided by 97, so that a mistyped digit is caught.
/// </summary>
public static class Iban
{
    /// <summary>Whether <paramref name="number"/> (upper case, without spaces) has the shape of an IBAN, so its check digits must hold.</summary>
    public static bool LooksLikeOne(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Length is >= 15 and <= 34
            && char.IsAsciiLetterUpper(number[0]) && char.IsAsciiLetterUpper(number[1])
            && char.IsAsciiDigit(number[2]) && char.IsAsciiDigit(number[3])
            && number.All(char.IsAsciiLetterOrDigit);
    }

    /// <summary>Whether the check digits of an IBAN-shaped <paramref name="number"/> hold (remainder 1 modulo 97).</summary>
    public static bool HasValidCheckDigits(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var remainder = 0;
        foreach (var c in number[4..] + number[..4])
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder == 1;
    }
}
