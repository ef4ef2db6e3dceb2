using System.ComponentModel.DataAnnotations;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>Query of <c>GET /transactions</c>: the list query plus the kind.</summary>
public sealed record TransactionListQuery : ListQuery
{
    /// <summary><c>income</c> or <c>expense</c>; both when absent.</summary>
    [RegularExpression(TransactionKindNames.Pattern, ErrorMessage = "The type must be 'income', 'expense' or 'transfer'.")]
    [Cashman.Api.OpenApi.SchemaLimits(MaxLength = 7)]
    public string? Type { get; init; }
}

/// <summary>Query of <c>GET /transactions/export</c>: the list filters, the kind and the file format; no paging.</summary>
public sealed record ExportQuery : FilterQuery
{
    public const string Csv = "csv";
    public const string JsonFormat = "json";

    /// <summary><c>income</c> or <c>expense</c>; both when absent.</summary>
    [RegularExpression(TransactionKindNames.Pattern, ErrorMessage = "The type must be 'income', 'expense' or 'transfer'.")]
    [Cashman.Api.OpenApi.SchemaLimits(MaxLength = 7)]
    public string? Type { get; init; }

    /// <summary><c>csv</c> (default) or <c>json</c>.</summary>
    [RegularExpression("^(csv|json)$", ErrorMessage = "The format must be 'csv' or 'json'.")]
    [Cashman.Api.OpenApi.SchemaLimits(MaxLength = 4)]
    public string? Format { get; init; }
}
