using System.ComponentModel.DataAnnotations;
using Cashman.Domain.Money;

namespace Cashman.Api.Accounts;

/// <summary>The <c>Money</c> section: what new users' money is in, and how old a rate may be and still convert.</summary>
public sealed class MoneyOptions : IValidatableObject
{
    public const string SectionName = "Money";

    /// <summary>The base currency and the default account's currency of a user who registers without one.</summary>
    public string DefaultCurrency { get; set; } = "USD";

    /// <summary>A rate dated up to this many days before a day still converts that day's amounts.</summary>
    [Range(0, 3650)]
    public int RateMaxAgeDays { get; set; } = 7;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Currencies.IsKnown(DefaultCurrency))
        {
            yield return new ValidationResult($"Money__DefaultCurrency: {Currencies.UnknownMessage}", [nameof(DefaultCurrency)]);
        }
    }
}
