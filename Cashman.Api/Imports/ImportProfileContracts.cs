using Cashman.Api.OpenApi;
using Cashman.Domain.Imports;

namespace Cashman.Api.Imports;

/// <summary>Where a profile's pattern and length are shared with the query of <c>POST /imports</c>.</summary>
public static class ImportProfileRules
{
    public const int NameMaxLength = ImportProfile.NameMaxLength;
    public const string NamePattern = ImportProfile.NamePattern;
}

/// <summary>
/// An import profile: a name and the import parameters it sets (those it leaves out are <c>null</c>). Built-in profiles
/// (<c>builtIn: true</c>) also name the bank, its country, the charset its files are in and where the layout is documented.
/// </summary>
public sealed record ImportProfileResponse : ImportMapping
{
    public ImportProfileResponse(ImportMapping mapping)
        : base(mapping)
    {
    }

    [SchemaLimits(MinLength = 1, MaxLength = ImportProfileRules.NameMaxLength, Pattern = ImportProfileRules.NamePattern)]
    public string Name { get; init; } = string.Empty;

    /// <summary>Whether Cashman ships it (it cannot be changed or deleted).</summary>
    public bool BuiltIn { get; init; }

    /// <summary>The bank of a built-in profile.</summary>
    [SchemaLimits(MaxLength = 100)]
    public string? Bank { get; init; }

    /// <summary>The bank's ISO 3166 country.</summary>
    [SchemaLimits(MinLength = 2, MaxLength = 2, Pattern = "^[A-Z]{2}$")]
    public string? Country { get; init; }

    /// <summary>The charset the bank's files are in: send it as the <c>charset</c> of <c>Content-Type</c>.</summary>
    [SchemaLimits(MaxLength = 20)]
    public string? Charset { get; init; }

    /// <summary>Where the bank's layout is documented.</summary>
    [SchemaLimits(MaxLength = 1000)]
    public string? Source { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public static ImportProfileResponse From(BuiltInProfile profile) =>
        new(profile.Mapping)
        {
            Name = profile.Name,
            BuiltIn = true,
            Bank = profile.Bank,
            Country = profile.Country,
            Charset = profile.Charset,
            Source = profile.Source,
        };

    public static ImportProfileResponse From(ImportProfile profile, ImportMapping mapping) =>
        new(mapping) { Name = profile.Name, CreatedAt = profile.CreatedAt, UpdatedAt = profile.UpdatedAt };
}

/// <summary>Your profiles, by name, then the built-in ones, by name.</summary>
public sealed record ImportProfileListResponse(
    [property: SchemaLimits(MaxItems = ImportProfile.MaxPerUser + 100)] IReadOnlyList<ImportProfileResponse> Items);
