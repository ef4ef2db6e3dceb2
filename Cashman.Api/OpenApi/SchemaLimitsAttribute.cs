namespace Cashman.Api.OpenApi;

/// <summary>
/// The limits of a property as the OpenAPI document states them. Documentation only: the domain enforces them (so that
/// one 400 names every invalid field), and on responses they describe what the server sends. Unset values stay unset.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class SchemaLimitsAttribute : Attribute
{
    /// <summary>For strings the fewest characters; for arrays the fewest items.</summary>
    public int MinLength { get; init; } = -1;

    public int MaxLength { get; init; } = -1;

    /// <summary>For numbers and integers, as written in the document (<c>"-1000000000"</c>).</summary>
    public string? Minimum { get; init; }

    /// <summary>For numbers and integers, as written in the document (<c>"1000000000"</c>).</summary>
    public string? Maximum { get; init; }

    public int MaxItems { get; init; } = -1;

    /// <summary>A regular expression the value matches, such as the no-control-characters rule.</summary>
    public string? Pattern { get; init; }
}
