using System.ComponentModel.DataAnnotations;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cashman.Api.Transactions;

/// <summary>The filters of the transaction lists and the export. Every filter is optional; they combine with AND.</summary>
public record FilterQuery : DateRangeQuery
{
    /// <summary>Only transactions whose absolute amount is at least this.</summary>
    [Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true, ErrorMessage = "The minAmount must be between 0 and 1000000000.")]
    public decimal? MinAmount { get; init; }

    /// <summary>Only transactions whose absolute amount is at most this.</summary>
    [Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true, ErrorMessage = "The maxAmount must be between 0 and 1000000000.")]
    public decimal? MaxAmount { get; init; }

    /// <summary>Only transactions whose description contains this text, ignoring case.</summary>
    [StringLength(TransactionRules.DescriptionMaxLength, ErrorMessage = "The q must be at most 200 characters.")]
    public string? Q { get; init; }

    /// <summary>Only transactions of this category path, ignoring case (exactly this path: use <c>categoryId</c> for a parent with its children).</summary>
    [StringLength(TransactionRules.CategoryMaxLength, ErrorMessage = "The category must be at most 101 characters.")]
    public string? Category { get; init; }

    /// <summary>Only transactions of this category or, for a parent, of its children too.</summary>
    public Guid? CategoryId { get; init; }

    /// <summary>Only transactions in this account (a transfer is in both of its accounts).</summary>
    public Guid? AccountId { get; init; }

    /// <summary>Only transactions in this currency (ISO 4217; a transfer is in both of its currencies).</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Currency { get; init; }

    /// <summary>True when no filter is asked: the total can come from the running totals.</summary>
    [BindNever]
    public bool HasFilters =>
        IsRanged || MinAmount is not null || MaxAmount is not null ||
        !string.IsNullOrEmpty(Q) || !string.IsNullOrEmpty(Category) || CategoryId is not null || AccountId is not null || Currency is not null;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (TextRules.HasControlCharacter(Q))
        {
            yield return new ValidationResult(TextRules.ControlCharacterMessage("q"), [nameof(Q)]);
        }

        if (TextRules.HasControlCharacter(Category))
        {
            yield return new ValidationResult(TextRules.ControlCharacterMessage("category"), [nameof(Category)]);
        }

        foreach (var (amount, name) in new[] { (MinAmount, nameof(MinAmount)), (MaxAmount, nameof(MaxAmount)) })
        {
            if (amount is { } value && decimal.Round(value, Currencies.MaxMinorUnits) != value)
            {
                yield return new ValidationResult($"The {char.ToLowerInvariant(name[0])}{name[1..]} must have at most {Currencies.MaxMinorUnits} decimal places.", [name]);
            }
        }

        if (Currency is not null && !Currencies.IsKnown(Currency))
        {
            yield return new ValidationResult(Currencies.UnknownMessage, [nameof(Currency)]);
        }

        if (MinAmount > MaxAmount)
        {
            yield return new ValidationResult("The maxAmount must be at least the minAmount.", [nameof(MaxAmount)]);
        }
    }
}

/// <summary>Query of the transaction lists: paging, filters and sort.</summary>
public record ListQuery : FilterQuery
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
    public const string SortPattern = "^-?(occurredOn|amount|createdAt|description)$";

    /// <summary>1-based page number.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "The page must be 1 or more.")]
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1 to 100.</summary>
    [Range(1, MaxPageSize, ErrorMessage = "The pageSize must be between 1 and 100.")]
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// <c>occurredOn</c>, <c>amount</c> (absolute), <c>createdAt</c> or <c>description</c>, ascending; prefix <c>-</c>
    /// for descending. Default <c>-occurredOn</c>. Ties are broken newest first, so paging is stable.
    /// </summary>
    [RegularExpression(SortPattern, ErrorMessage = "The sort must be occurredOn, amount, createdAt or description, optionally prefixed with '-'.")]
    [SchemaLimits(MaxLength = 12)]
    public string? Sort { get; init; }
}
