using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Contracts;

/// <summary>Query of <c>GET /transactions</c>: the list query plus the kind.</summary>
public sealed record TransactionListQuery : ListQuery
{
    /// <summary><c>income</c> or <c>expense</c>; both when absent.</summary>
    [RegularExpression("^(income|expense)$", ErrorMessage = "The type must be 'income' or 'expense'.")]
    public string? Type { get; init; }
}
