using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cashman.Api.OpenApi;
using Cashman.Api.Transactions;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Sync;

/// <summary>Where to read the change feed from, and how much.</summary>
public sealed record ChangesQuery
{
    public const int MaxLimit = 1000;

    /// <summary>The <c>next</c> of the previous page, or a <c>Cashman-Change-Cursor</c> header; absent to start from the beginning.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = 64)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? After { get; init; }

    /// <summary>Changes per page, 1 to 1000.</summary>
    [Range(1, MaxLimit, ErrorMessage = "The limit must be between 1 and 1000.")]
    public int Limit { get; init; } = 100;
}

/// <summary>One page of the caller's change feed, oldest change first.</summary>
/// <param name="Changes">The changes, in the order they were committed.</param>
/// <param name="Next">The cursor to send as <c>after</c> next time (store it with your copy).</param>
/// <param name="HasMore">True when more changes are waiting: ask again at once with <c>next</c>.</param>
public sealed record ChangesResponse(
    [property: SchemaLimits(MaxItems = ChangesQuery.MaxLimit)] IReadOnlyList<ChangeResponse> Changes,
    [property: SchemaLimits(MinLength = 1, MaxLength = 64)] string Next,
    bool HasMore);

/// <summary>
/// One change: <c>upsert</c> carries the transaction as it now is (<c>{ op, transaction }</c>); <c>delete</c> names the
/// transaction that is gone (<c>{ op, id, type, externalId }</c>).
/// </summary>
[JsonConverter(typeof(ChangeResponseConverter))]
public sealed record ChangeResponse
{
    public const string Upsert = "upsert";
    public const string Delete = "delete";

    /// <summary><c>upsert</c> or <c>delete</c>.</summary>
    [SchemaLimits(MaxLength = 6, Pattern = "^(upsert|delete)$")]
    public required string Op { get; init; }

    /// <summary>For an upsert: the transaction as it is now.</summary>
    public TransactionResponse? Transaction { get; init; }

    /// <summary>For a delete: the deleted transaction's id.</summary>
    public Guid? Id { get; init; }

    /// <summary>For a delete: <c>income</c> or <c>expense</c>.</summary>
    [SchemaLimits(MaxLength = 7, Pattern = TransactionKindNames.Pattern)]
    public string? Type { get; init; }

    /// <summary>For a delete: the deleted transaction's external id, or null.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.ExternalIdMaxLength)]
    public string? ExternalId { get; init; }
}

/// <summary>Writes each kind of change with exactly its own fields (a delete's <c>externalId</c> may be null, and is sent).</summary>
public sealed class ChangeResponseConverter : JsonConverter<ChangeResponse>
{
    public override ChangeResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Changes are only written.");

    public override void Write(Utf8JsonWriter writer, ChangeResponse value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("op", value.Op);
        if (value.Transaction is { } transaction)
        {
            writer.WritePropertyName("transaction");
            JsonSerializer.Serialize(writer, transaction, options);
        }
        else
        {
            writer.WriteString("id", value.Id!.Value);
            writer.WriteString("type", value.Type);
            writer.WriteString("externalId", value.ExternalId);
        }

        writer.WriteEndObject();
    }
}
