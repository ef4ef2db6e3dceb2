using System.Collections.Frozen;
using System.Globalization;

namespace Cashman.Domain.Money;

/// <summary>
/// The current ISO 4217 currencies and their minor units, read once from <c>Money/iso4217.csv</c> (the one place the list
/// is kept; the file names its source). The minor unit decides how many decimals every amount in the currency has.
/// </summary>
public static class Currencies
{
    /// <summary>The most decimals any currency has (CLF, UYW): what a stored amount may carry.</summary>
    public const int MaxMinorUnits = 4;

    /// <summary>Three upper-case letters, for the API documentation; the list itself decides what is a currency.</summary>
    public const string CodePattern = "^[A-Z]{3}$";

    /// <summary>The message a field gets when it is not a currency.</summary>
    public const string UnknownMessage = "The currency must be a current ISO 4217 code in upper case, such as EUR, USD or JPY.";

    /// <summary>The zero of each scale: adding one raises a value's scale to at least that many decimals.</summary>
    private static readonly decimal[] Zeros = [0m, 0.0m, 0.00m, 0.000m, 0.0000m];

    private static readonly FrozenDictionary<string, int> MinorUnitsByCode = Load();

    /// <summary>Every code, in alphabetical order.</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. MinorUnitsByCode.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="code"/> is a current currency, exactly as written (upper case).</summary>
    public static bool IsKnown(string? code) => code is not null && MinorUnitsByCode.ContainsKey(code);

    /// <summary>The decimals of the currency (JPY 0, EUR 2, BHD 3).</summary>
    /// <exception cref="ArgumentException">Not a current currency.</exception>
    public static int MinorUnits(string code) => MinorUnitsByCode.TryGetValue(code, out var units)
        ? units
        : throw new ArgumentException($"'{code}' is not a current ISO 4217 currency.", nameof(code));

    /// <summary>One minor unit of the currency: 0.01 EUR, 1 JPY, 0.001 BHD.</summary>
    public static decimal MinorUnit(string code) => Zeros[MinorUnits(code)] + (1m / Pow10(MinorUnits(code)));

    /// <summary>Whether the exact value needs no more decimals than the currency has (500.0 JPY does not, 500.5 does).</summary>
    public static bool Fits(decimal amount, string code) => decimal.Round(amount, MinorUnits(code)) == amount;

    /// <summary>
    /// The amount with exactly the currency's decimals (20 EUR becomes 20.00, 500.00 JPY becomes 500), rounded half to
    /// even when it has more: how every amount leaves the server and is stored.
    /// </summary>
    public static decimal Exact(decimal amount, string code)
    {
        var units = MinorUnits(code);
        return decimal.Round(amount + Zeros[units], units, MidpointRounding.ToEven);
    }

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static FrozenDictionary<string, int> Load()
    {
        using var stream = typeof(Currencies).Assembly.GetManifestResourceStream("Cashman.Domain.Money.iso4217.csv")
            ?? throw new InvalidOperationException("The currency list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(',');
            codes.Add(parts[0], int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return codes.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
