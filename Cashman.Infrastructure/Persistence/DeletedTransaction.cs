namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// A delete marker in a user's change feed: what a follower needs to drop its copy of a deleted transaction, and what
/// tells an import that an external id belongs to something the user deleted. Written by the database trigger in the
/// same transaction as the delete, kept for <c>Changes__RetentionDays</c>, then purged.
/// </summary>
public sealed class DeletedTransaction
{
    public required Guid UserId { get; init; }

    public required Guid Id { get; init; }

    /// <summary><c>income</c> or <c>expense</c>.</summary>
    public required string Type { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>The delete's place in the owner's change feed.</summary>
    public required long ChangeSeq { get; init; }

    public required DateTimeOffset DeletedAt { get; init; }
}
