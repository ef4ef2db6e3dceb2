using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>An income or an expense as the API returns it.</summary>
public sealed record TransactionResponse : IVersionedResponse, IChangeResponse
{
    /// <summary>UUIDv7 identifier, assigned by the server.</summary>
    public Guid Id { get; init; }

    /// <summary><c>income</c> or <c>expense</c>.</summary>
    [SchemaLimits(MaxLength = 7, Pattern = TransactionKindNames.Pattern)]
    public string Type { get; init; } = string.Empty;

    /// <summary>What it was.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength)]
    public string Description { get; init; } = string.Empty;

    /// <summary>Positive for an income, negative for an expense; two decimals.</summary>
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal Amount { get; init; }

    /// <summary>The category, or null.</summary>
    [SchemaLimits(MaxLength = TransactionRules.CategoryMaxLength)]
    public string? Category { get; init; }

    /// <summary>The day it happened.</summary>
    public DateOnly OccurredOn { get; init; }

    /// <summary>The id the record has elsewhere, as sent at creation, or null.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.ExternalIdMaxLength)]
    public string? ExternalId { get; init; }

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
