using System.Globalization;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using nietras.SeparatedValues;

namespace Cashman.Api.Rates;

/// <summary>
/// The European Central Bank's reference rates file (<c>eurofxref-hist.csv</c>, or <c>eurofxref.csv</c> for one day): a
/// <c>Date</c> column, then one column per currency, each cell the value of 1 EUR in that currency; <c>N/A</c> or an empty
/// cell is no rate. Columns of currencies that are no longer current (CYP, SIT, ...) are skipped, and so is the empty
/// column the ECB's trailing comma makes. Read with Sep, one row at a time.
/// </summary>
public static class RateFile
{
    /// <summary>The rates of the file, each 1 EUR = value quote, in file order.</summary>
    /// <exception cref="DomainValidationException">The file is not in that format; the message names the line.</exception>
    public static async IAsyncEnumerable<Rate> ReadAsync(TextReader text, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = await Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true })
            .FromAsync(text, cancellationToken);
        var header = reader.Header;
        if (header.ColNames.Count == 0 || !string.Equals(header.ColNames[0], "Date", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(1, "The first column must be Date, as in the ECB's eurofxref-hist.csv.");
        }

        var columns = header.ColNames
            .Select((name, index) => (Name: name.Trim(), Index: index))
            .Skip(1)
            .Where(c => Currencies.IsKnown(c.Name) && c.Name != RateTable.Pivot)
            .ToList();
        var line = 1;
        await foreach (var row in reader)
        {
            line++;
            var dayText = row[0].ToString();
            if (dayText.Length == 0)
            {
                continue;
            }

            if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && !DateOnly.TryParseExact(dayText, "d MMMM yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                throw Invalid(line, $"'{dayText}' is not a date (YYYY-MM-DD).");
            }

            var cells = new List<(string Currency, string Cell)>(columns.Count);
            foreach (var (name, index) in columns)
            {
                cells.Add((name, index < row.ColCount ? row[index].ToString() : string.Empty));
            }

            foreach (var rate in Parse(day, cells, line))
            {
                yield return rate;
            }
        }
    }

    /// <summary>The rates of one line's cells; an empty or <c>N/A</c> cell is no rate.</summary>
    private static List<Rate> Parse(DateOnly day, List<(string Currency, string Cell)> cells, int line)
    {
        var rates = new List<Rate>(cells.Count);
        foreach (var (currency, cell) in cells)
        {
            if (cell.Length == 0 || cell.Equals("N/A", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var errors = new Dictionary<string, string[]>();
            decimal? value = decimal.TryParse(cell, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            Rate.Validate(day, RateTable.Pivot, currency, value, string.Empty, errors);
            if (errors.Count > 0)
            {
                throw Invalid(line, $"{currency}: {string.Join(" ", errors.SelectMany(e => e.Value))}");
            }

            rates.Add(new Rate(day, RateTable.Pivot, currency, value!.Value));
        }

        return rates;
    }

    private static DomainValidationException Invalid(int line, string message) =>
        new(new Dictionary<string, string[]> { [string.Create(CultureInfo.InvariantCulture, $"line {line}")] = [message] });
}
