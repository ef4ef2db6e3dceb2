using Cashman.Api.OpenApi;
using Cashman.Api.Transactions;

namespace Cashman.Api.Http;

/// <summary>One page of a list, with the links to walk it.</summary>
public sealed record PagedResponse<T>(
    [property: SchemaLimits(MaxItems = ListQuery.MaxPageSize)] IReadOnlyList<T> Items,
    [property: SchemaLimits(Minimum = "1")] int Page,
    [property: SchemaLimits(Minimum = "1", Maximum = "100")] int PageSize,
    long TotalItems,
    int TotalPages,
    PageLinks Links);

/// <summary>Absolute links to pages of the same list; <c>prev</c> and <c>next</c> are null at the ends.</summary>
public sealed record PageLinks(Uri Self, Uri First, Uri? Prev, Uri? Next, Uri Last);

/// <summary>A page of results as the service returns it, before links are added at the HTTP edge.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long TotalItems)
{
    public int TotalPages => (int)((TotalItems + PageSize - 1) / PageSize);
}
