using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Domain.Money;

namespace Cashman.Api.Rates;

/// <summary>One rate as sent: 1 <c>base</c> = <c>rate</c> <c>quote</c> on <c>date</c>.</summary>
public sealed record RateItem
{
    /// <example>2026-11-02</example>
    [RequiredInSchema]
    public DateOnly? Date { get; init; }

    /// <example>EUR</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Base { get; init; }

    /// <example>USD</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Quote { get; init; }

    /// <summary>Positive, below 1,000,000,000, at most 10 decimals.</summary>
    /// <example>1.0842</example>
    [RequiredInSchema]
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    [System.Text.Json.Serialization.JsonConverter(typeof(RateJsonConverter))]
    public decimal? Rate { get; init; }
}

/// <summary>The body of <c>PUT /rates</c>: 1 to 1,000 rates, upserted all or none.</summary>
public sealed record RatesRequest
{
    public const int MaxItems = 1000;

    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxItems = MaxItems)]
    public IReadOnlyList<RateItem>? Rates { get; init; }
}

/// <summary>A rate and where it comes from: <c>user</c> (yours) or <c>shared</c> (loaded by the operator).</summary>
public sealed record RateResponse(
    DateOnly Date,
    [property: SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)] string Base,
    [property: SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)] string Quote,
    [property: SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)] decimal Rate,
    [property: SchemaLimits(MaxLength = 6, Pattern = "^(user|shared)$")] string Source);

/// <summary>How many rates a write stored.</summary>
public sealed record RatesWritten(long Stored);

/// <summary>Query of <c>GET /rates</c>: the list rules, by pair and day.</summary>
public sealed record RateListQuery : DateRangeQuery
{
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Base { get; init; }

    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Quote { get; init; }

    /// <summary>1-based page number.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue, ErrorMessage = "The page must be 1 or more.")]
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1 to 100.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100, ErrorMessage = "The pageSize must be between 1 and 100.")]
    public int PageSize { get; init; } = 20;

    public override IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        foreach (var (code, name) in new[] { (Base, nameof(Base)), (Quote, nameof(Quote)) })
        {
            if (code is not null && !Currencies.IsKnown(code))
            {
                yield return new(Currencies.UnknownMessage, [name]);
            }
        }
    }
}
