using System.Text.Json.Serialization;
using Cashman.Api.OpenApi;
using Cashman.Api.Transactions;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Sync;

/// <summary>The body of <c>POST /transactions/batch</c>: 1 to 1,000 new transactions, stored all or none.</summary>
public sealed record BatchRequest
{
    public const int MaxItems = 1000;

    /// <summary>The transactions, each with its <c>type</c>.</summary>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxItems = MaxItems)]
    public IReadOnlyList<BatchItem>? Items { get; init; }
}

/// <summary>One new transaction of a batch: the fields of a create, plus its type (and a transfer's destination).</summary>
public sealed record BatchItem : TransactionRequest
{
    /// <summary><c>income</c>, <c>expense</c> or <c>transfer</c>.</summary>
    [RequiredInSchema]
    [SchemaLimits(MaxLength = TransactionKindNames.MaxLength, Pattern = TransactionKindNames.Pattern)]
    public string? Type { get; init; }

    /// <summary>A transfer's destination account (then <c>accountId</c> is where the money leaves).</summary>
    public Guid? ToAccountId { get; init; }

    /// <summary>What a transfer delivers in <c>toAccountId</c>'s currency; required when the currencies differ.</summary>
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? ToAmount { get; init; }

    public override TransactionInput ToInput() => base.ToInput() with { ToAccountId = ToAccountId, ToAmount = ToAmount };
}

/// <summary>What became of each item of a batch, in the order sent.</summary>
public sealed record BatchResponse([property: SchemaLimits(MaxItems = BatchRequest.MaxItems)] IReadOnlyList<BatchItemResult> Results) : IChangeResponse
{
    /// <summary>The batch's place in the change feed; sent as <c>Cashman-Change-Cursor</c>.</summary>
    [JsonIgnore]
    public long ChangeSeq { get; init; }
}

/// <summary>
/// <c>created</c>: stored now, <c>id</c> is new. <c>duplicate</c>: the <c>externalId</c> is already stored (or came earlier
/// in the batch), <c>id</c> names that transaction. <c>deleted</c>: the <c>externalId</c> belongs to a transaction you
/// deleted, <c>id</c> names it; it is not recreated unless <c>reimportDeleted=true</c>.
/// </summary>
public sealed record BatchItemResult(
    int Index,
    [property: SchemaLimits(MaxLength = 9, Pattern = BatchItemResult.StatusPattern)] string Status,
    Guid Id)
{
    public const string Created = "created";
    public const string Duplicate = "duplicate";
    public const string Deleted = "deleted";
    public const string StatusPattern = "^(created|duplicate|deleted)$";
}
