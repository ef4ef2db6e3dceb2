using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Contracts;

/// <summary>Paging parameters shared by every list.</summary>
public record PageQuery
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    /// <summary>1-based page number.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "The page must be 1 or more.")]
    public int Page { get; init; } = 1;

    /// <summary>Items per page, 1 to 100.</summary>
    [Range(1, MaxPageSize, ErrorMessage = "The pageSize must be between 1 and 100.")]
    public int PageSize { get; init; } = DefaultPageSize;
}
