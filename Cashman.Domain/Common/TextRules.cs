using System.Buffers;

namespace Cashman.Domain.Common;

/// <summary>
/// What every piece of text the API accepts has in common (descriptions, categories, names, emails, filters):
/// no control characters, U+0000 to U+001F and U+007F. PostgreSQL cannot store U+0000 at all, and the others
/// have no place in a one-line label.
/// </summary>
public static class TextRules
{
    /// <summary>The same rule as a regular expression, for the API documentation.</summary>
    public const string NoControlCharactersPattern = "^[^\\u0000-\\u001F\\u007F]*$";

    private static readonly SearchValues<char> ControlCharacters =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(c => (char)c), '\u007F']);

    public static bool HasControlCharacter(string? text) => text is not null && text.AsSpan().ContainsAny(ControlCharacters);

    /// <summary>
    /// True when nothing visible is left once white space and format characters (zero-width space U+200B, byte order
    /// mark U+FEFF, joiners: Unicode category Cf) are removed: such text is as empty as a blank one.
    /// </summary>
    public static bool IsBlank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text)
    {
        foreach (var c in text ?? string.Empty)
        {
            if (!char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The message a field gets when it has a control character.</summary>
    public static string ControlCharacterMessage(string field) =>
        $"The {field} must not contain control characters (U+0000 to U+001F, U+007F).";

    /// <summary>Throws a validation error naming <paramref name="field"/> when <paramref name="text"/> has a control character.</summary>
    /// <exception cref="DomainValidationException">It has one.</exception>
    public static void RejectControlCharacters(string? text, string field)
    {
        if (HasControlCharacter(text))
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { [field] = [ControlCharacterMessage(field)] });
        }
    }
}
