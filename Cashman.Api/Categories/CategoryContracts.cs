using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;
using Cashman.Domain.Categories;

namespace Cashman.Api.Categories;

/// <summary>The body of <c>POST /categories</c> and <c>PUT /categories/{id}</c>.</summary>
public sealed record CategoryRequest
{
    public const string RolloverPattern = "^(none|surplus|all)$";

    /// <summary>1 to 50 characters without <c>/</c>, unique among its siblings ignoring case.</summary>
    /// <example>Groceries</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxLength = CategoryRules.NameMaxLength, Pattern = CategoryRules.NamePattern)]
    public string? Name { get; init; }

    /// <summary>Optional: the parent, one of your top-level categories; absent or null for a top-level category.</summary>
    public Guid? ParentId { get; init; }

    /// <summary>What a budget carries into the next month: <c>none</c> (default), <c>surplus</c> or <c>all</c>.</summary>
    /// <example>surplus</example>
    [SchemaLimits(MaxLength = 7, Pattern = RolloverPattern)]
    public string? Rollover { get; init; }
}

/// <summary>A category as the API returns it.</summary>
public sealed record CategoryResponse : IVersionedResponse, IChangeResponse
{
    public Guid Id { get; init; }

    [SchemaLimits(MinLength = 1, MaxLength = CategoryRules.NameMaxLength)]
    public string Name { get; init; } = string.Empty;

    /// <summary>The parent, or null at the top level.</summary>
    public Guid? ParentId { get; init; }

    /// <summary><c>name</c>, or <c>parent/name</c>: what transactions show as their <c>category</c>.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = CategoryRules.PathMaxLength)]
    public string Path { get; init; } = string.Empty;

    /// <summary><c>none</c>, <c>surplus</c> or <c>all</c>.</summary>
    [SchemaLimits(MaxLength = 7, Pattern = CategoryRequest.RolloverPattern)]
    public string Rollover { get; init; } = string.Empty;

    /// <summary>How many transactions are in this category itself (not counting its children).</summary>
    public long TransactionCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore]
    public Guid Version { get; init; }

    /// <summary>After a rename that changed transactions, the feed position that includes them; sent as <c>Cashman-Change-Cursor</c>.</summary>
    [JsonIgnore]
    public long ChangeSeq { get; init; }

    public static CategoryResponse From(Category category, long transactionCount)
    {
        ArgumentNullException.ThrowIfNull(category);
        return new()
        {
            Id = category.Id,
            Name = category.Name,
            ParentId = category.ParentId,
            Path = category.Path,
            Rollover = RolloverName(category.Rollover),
            TransactionCount = transactionCount,
            CreatedAt = category.CreatedAt,
            UpdatedAt = category.UpdatedAt,
            Version = category.Version,
        };
    }

    public static string RolloverName(Rollover rollover) => rollover.ToString().ToLowerInvariant();
}

/// <summary>Every category of yours, by path.</summary>
public sealed record CategoryListResponse([property: SchemaLimits(MaxItems = CategoryRules.MaxPerUser)] IReadOnlyList<CategoryResponse> Items);

/// <summary>The body of <c>POST /categories/{id}/merge</c>.</summary>
public sealed record MergeRequest
{
    /// <summary>The category that receives this one's transactions, children, budgets and recurring transactions.</summary>
    [RequiredInSchema]
    public Guid? IntoId { get; init; }
}

/// <summary>What a merge moved into the receiving category before deleting the merged one.</summary>
public sealed record MergeResponse : IChangeResponse
{
    /// <summary>The merged category, now deleted.</summary>
    public Guid MergedId { get; init; }

    /// <summary>The category that received everything.</summary>
    public CategoryResponse Into { get; init; } = new();

    /// <summary>Transactions whose category changed (of the merged category and its children), each now in the change feed.</summary>
    public long TransactionsMoved { get; init; }

    /// <summary>Children moved under the receiving category (a child whose name it already had merged into that child).</summary>
    public int ChildrenMoved { get; init; }

    /// <summary>Monthly budgets moved (added to the receiving category's budget of a month it had one for).</summary>
    public int BudgetsMoved { get; init; }

    /// <summary>Recurring transactions whose template now names the receiving category (or its same-named child).</summary>
    public int RecurringMoved { get; init; }

    /// <summary>The feed position that includes the moved transactions; sent as <c>Cashman-Change-Cursor</c>.</summary>
    [JsonIgnore]
    public long ChangeSeq { get; init; }
}
