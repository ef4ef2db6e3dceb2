using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Cashman.Api.OpenApi;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cashman.Api.Http;

/// <summary>
/// The inclusive <c>from</c> and <c>to</c> days of the lists, the export and the balance: any real date from 0001-01-01
/// to 9999-12-31, <c>to</c> not before <c>from</c>.
/// </summary>
public record DateRangeQuery : IValidatableObject
{
    public const string DatePattern = @"^\d{4}-\d{2}-\d{2}$";

    /// <summary>Only transactions on or after this day (YYYY-MM-DD, inclusive).</summary>
    [RegularExpression(DatePattern, ErrorMessage = "The from date must be YYYY-MM-DD.")]
    [SchemaLimits(MaxLength = 10)]
    public string? From { get; init; }

    /// <summary>Only transactions on or before this day (YYYY-MM-DD, inclusive).</summary>
    [RegularExpression(DatePattern, ErrorMessage = "The to date must be YYYY-MM-DD.")]
    [SchemaLimits(MaxLength = 10)]
    public string? To { get; init; }

    [BindNever]
    public DateOnly? FromDate => ParseDate(From);

    [BindNever]
    public DateOnly? ToDate => ParseDate(To);

    /// <summary>Whether either end is given.</summary>
    [BindNever]
    public bool IsRanged => From is not null || To is not null;

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (From is not null && FromDate is null)
        {
            yield return new ValidationResult("The from date is not a valid day.", [nameof(From)]);
        }

        if (To is not null && ToDate is null)
        {
            yield return new ValidationResult("The to date is not a valid day.", [nameof(To)]);
        }

        if (FromDate > ToDate)
        {
            yield return new ValidationResult("The to date must be on or after the from date.", [nameof(To)]);
        }
    }

    private static DateOnly? ParseDate(string? value) =>
        value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
