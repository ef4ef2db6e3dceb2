using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Contracts;

/// <summary>Query of <c>GET /transactions</c>: paging plus the kind.</summary>
public sealed record TransactionListQuery : PageQuery
{
    /// <summary><c>income</c> or <c>expense</c>; both when absent.</summary>
    [RegularExpression("^(income|expense)$", ErrorMessage = "The type must be 'income' or 'expense'.")]
    public string? Type { get; init; }
}
