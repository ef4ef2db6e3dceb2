using System.Buffers;

namespace Cashman.Api.Sync;

/// <summary>
/// Text cells of Cashman's CSV export and their way back in (OWASP CSV injection): a cell that a spreadsheet would run
/// as a formula (it starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is written with a
/// leading <c>'</c>. Text that already starts with quotes before such a character gets one more, so that reading a
/// cell back removes exactly what writing added and the round trip is exact.
/// </summary>
public static class CsvCells
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    public static string? Protect(string? text) => StartsLikeAFormula(text) ? "'" + text : text;

    public static string? Unprotect(string? text) => text is ['\'', .. var rest] && StartsLikeAFormula(rest) ? rest : text;

    private static bool StartsLikeAFormula(ReadOnlySpan<char> text)
    {
        var start = text.TrimStart('\'');
        return !start.IsEmpty && FormulaStarts.Contains(start[0]);
    }
}
