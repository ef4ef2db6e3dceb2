using Cashman.Domain.Common;

namespace Cashman.Domain.Categories;

/// <summary>
/// The limits of a category and of the path that names it, shared by the domain, the EF Core configuration and the API
/// documentation. Two levels at most: a path is <c>name</c> or <c>parent/name</c>.
/// </summary>
public static class CategoryRules
{
    public const int NameMaxLength = 50;

    /// <summary>Two names and the separator.</summary>
    public const int PathMaxLength = (2 * NameMaxLength) + 1;

    public const char Separator = '/';

    /// <summary>The most categories a user may have, so that <c>GET /categories</c> stays whole.</summary>
    public const int MaxPerUser = 1000;

    /// <summary>A name as the documentation states it: no <c>/</c> and no control characters.</summary>
    public const string NamePattern = "^[^/\\u0000-\\u001F\\u007F]*$";

    /// <summary>Why a trimmed name is not acceptable, or null.</summary>
    public static string? NameError(string? name, string field) => name switch
    {
        _ when TextRules.IsBlank(name) => $"The {field} is required and must have a visible character.",
        { Length: > NameMaxLength } => $"The {field} must be at most {NameMaxLength} characters.",
        _ when name.Contains(Separator, StringComparison.Ordinal) => $"The {field} must not contain '{Separator}', which separates a parent's name from its child's.",
        _ when TextRules.HasControlCharacter(name) => TextRules.ControlCharacterMessage(field),
        _ => null,
    };

    /// <summary>
    /// Reads a category as sent on a transaction (<c>name</c> or <c>parent/name</c>, each part trimmed) into the path it
    /// names, null for none (absent or blank); returns why it is not a path of one or two names, or null.
    /// </summary>
    public static string? PathError(string? text, string field, out CategoryPath? path)
    {
        path = null;
        if (TextRules.IsBlank(text))
        {
            return null;
        }

        var parts = text.Split(Separator).Select(p => p.Trim()).ToArray();
        var error = parts.Length > 2
            ? $"A {field} has at most two levels: a name, or parent{Separator}name."
            : parts.Select(p => NameError(p, field)).FirstOrDefault(e => e is not null);
        if (error is null)
        {
            path = parts.Length == 1 ? new CategoryPath(null, parts[0]) : new CategoryPath(parts[0], parts[1]);
        }

        return error;
    }
}

/// <summary>A category as a path: its parent's name (null at the top level) and its own name.</summary>
public sealed record CategoryPath(string? Parent, string Name)
{
    public override string ToString() => Parent is null ? Name : string.Concat(Parent, CategoryRules.Separator.ToString(), Name);
}
