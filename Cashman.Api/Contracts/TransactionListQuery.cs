using System.ComponentModel.DataAnnotations;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Contracts;

/// <summary>Query of <c>GET /transactions</c>: the list query plus the kind.</summary>
public sealed record TransactionListQuery : ListQuery
{
    /// <summary><c>income</c> or <c>expense</c>; both when absent.</summary>
    [RegularExpression(TransactionKindNames.Pattern, ErrorMessage = "The type must be 'income' or 'expense'.")]
    [Cashman.Api.OpenApi.SchemaLimits(MaxLength = 7)]
    public string? Type { get; init; }
}
