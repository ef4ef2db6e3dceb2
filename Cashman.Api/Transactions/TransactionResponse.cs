using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>An income, an expense or a transfer as the API returns it.</summary>
public sealed record TransactionResponse : IVersionedResponse, IChangeResponse
{
    /// <summary>UUIDv7 identifier, assigned by the server.</summary>
    public Guid Id { get; init; }

    /// <summary><c>income</c>, <c>expense</c> or <c>transfer</c>.</summary>
    [SchemaLimits(MaxLength = TransactionKindNames.MaxLength, Pattern = TransactionKindNames.Pattern)]
    public string Type { get; init; } = string.Empty;

    /// <summary>The account it is in (for a transfer, the one the money leaves).</summary>
    public Guid AccountId { get; init; }

    /// <summary>The account's currency (ISO 4217), in which <c>amount</c> is.</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string Currency { get; init; } = string.Empty;

    /// <summary>What it was.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength)]
    public string Description { get; init; } = string.Empty;

    /// <summary>Positive for an income or a transfer, negative for an expense; exactly the currency's decimals.</summary>
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal Amount { get; init; }

    /// <summary>The category's path (<c>name</c> or <c>parent/name</c>), or null.</summary>
    [SchemaLimits(MaxLength = TransactionRules.CategoryMaxLength)]
    public string? Category { get; init; }

    /// <summary>The category's id, or null.</summary>
    public Guid? CategoryId { get; init; }

    /// <summary>The day it happened.</summary>
    public DateOnly OccurredOn { get; init; }

    /// <summary>The id the record has elsewhere, as sent at creation, or null.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.ExternalIdMaxLength)]
    public string? ExternalId { get; init; }

    /// <summary>A transfer's destination account; null otherwise.</summary>
    public Guid? ToAccountId { get; init; }

    /// <summary>What a transfer delivered in <c>toCurrency</c>; null otherwise.</summary>
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? ToAmount { get; init; }

    /// <summary>The destination account's currency; null except on transfers.</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? ToCurrency { get; init; }

    /// <summary>When it was recorded (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The row version; sent as the ETag header, never in the body.</summary>
    [JsonIgnore]
    public Guid Version { get; init; }

    /// <summary>The row's place in the change feed; sent as <c>Cashman-Change-Cursor</c> by writes, never in the body.</summary>
    [JsonIgnore]
    public long ChangeSeq { get; init; }
}
