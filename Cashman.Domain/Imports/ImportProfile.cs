using System.Text.RegularExpressions;
using Cashman.Domain.Common;

namespace Cashman.Domain.Imports;

/// <summary>
/// A saved way of reading one bank's files (<c>PUT /imports/profiles/{name}</c>): its name, unique per user in any case
/// (stored in lower case), and its mapping as the API wrote it (a JSON object of import parameters).
/// </summary>
public sealed partial class ImportProfile
{
    public const int NameMaxLength = 50;
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$";

    /// <summary>A user has at most this many profiles of their own.</summary>
    public const int MaxPerUser = 100;

    private ImportProfile()
    {
        Name = Mapping = string.Empty;
    }

    public ImportProfile(Guid userId, string name, string mapping, DateTimeOffset now)
    {
        UserId = userId;
        Name = NameOf(name);
        CreatedAt = now;
        Mapping = string.Empty;
        Replace(mapping, now);
    }

    public Guid UserId { get; private set; }

    public string Name { get; private set; }

    public string Mapping { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The stored form of a profile name: lower case.</summary>
    /// <exception cref="DomainValidationException">Not 1 to 50 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>, starting with a letter or digit.</exception>
    public static string NameOf(string? name) => name is not null && NameRegex().IsMatch(name)
        ? name.ToLowerInvariant()
        : throw DomainValidationException.For("name", "A profile name is 1 to 50 letters, digits, '.', '_' or '-', starting with a letter or digit.");

    /// <summary>Replaces the mapping; its parameters are bounded by the API (17 of at most 200 characters each).</summary>
    public void Replace(string mapping, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Mapping = mapping;
        UpdatedAt = now;
    }

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
