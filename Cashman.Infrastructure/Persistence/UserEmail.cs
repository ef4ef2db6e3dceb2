namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// Which account an email address belongs to, keyed by the normalised address. It is how login finds the account with
/// one single-shard lookup, and its primary key is what keeps one account per address. On Citus it is distributed by
/// the address (users are distributed by id), so registering writes two shards and nothing is replicated to every node.
/// </summary>
public sealed class UserEmail
{
    public required string NormalizedEmail { get; init; }

    public required Guid UserId { get; init; }
}
