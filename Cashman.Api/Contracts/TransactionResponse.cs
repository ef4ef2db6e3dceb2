using System.Text.Json.Serialization;

namespace Cashman.Api.Contracts;

/// <summary>An income or an expense as the API returns it.</summary>
public sealed record TransactionResponse : IVersionedResponse
{
    /// <summary>UUIDv7 identifier, assigned by the server.</summary>
    public Guid Id { get; init; }

    /// <summary><c>income</c> or <c>expense</c>.</summary>
    /// <example>income</example>
    public string Type { get; init; } = string.Empty;

    /// <summary>What it was.</summary>
    /// <example>Salary</example>
    public string Description { get; init; } = string.Empty;

    /// <summary>Positive for an income, negative for an expense; two decimals.</summary>
    /// <example>5000.00</example>
    public decimal Amount { get; init; }

    /// <summary>The category, or null.</summary>
    public string? Category { get; init; }

    /// <summary>The day it happened.</summary>
    public DateOnly OccurredOn { get; init; }

    /// <summary>When it was recorded (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last changed (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The row version; sent as the ETag header, never in the body.</summary>
    [JsonIgnore]
    public uint Version { get; init; }
}
