using Cashman.Api.OpenApi;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>The body of <c>POST /transfers</c> and <c>PUT /transfers/{id}</c>: money moved between two of your accounts.</summary>
public sealed record TransferRequest
{
    /// <summary>The account the money leaves; your default account when absent.</summary>
    public Guid? FromAccountId { get; init; }

    /// <summary>The account the money goes to: another of your accounts, not archived.</summary>
    [RequiredInSchema]
    public Guid? ToAccountId { get; init; }

    /// <summary>What leaves <c>fromAccountId</c>, positive, in its currency and with at most its decimals.</summary>
    [RequiredInSchema]
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? Amount { get; init; }

    /// <summary>What arrives in <c>toAccountId</c>, in its currency: required when the currencies differ, else absent or equal to <c>amount</c>.</summary>
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? ToAmount { get; init; }

    /// <summary>Optional; <c>Transfer</c> when absent. At most 200 characters.</summary>
    [SchemaLimits(MaxLength = TransactionRules.DescriptionMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Description { get; init; }

    /// <summary>The day it happened; today in your time zone when absent.</summary>
    /// <example>2026-11-01</example>
    public DateOnly? OccurredOn { get; init; }

    /// <summary>Optional id the transfer has elsewhere, unique among all your transactions; set at creation only.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.ExternalIdMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? ExternalId { get; init; }

    public TransactionInput ToInput() => new(FromAccountId, Description, Amount, null, OccurredOn, ExternalId, ToAccountId, ToAmount);
}
