namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// The owner of an API key or refresh token issued before secrets carried their owner, keyed by the secret's hash. The
/// migration that made secrets self-identifying wrote one row per such secret; nothing is added since, and rows go when
/// their secret expires, is revoked or its account is erased. A reference table on Citus: small, read-mostly, and looked
/// up by hash, which says nothing about the owner.
/// </summary>
public sealed class LegacyCredential
{
    public required string SecretHash { get; init; }

    public required Guid UserId { get; init; }

    /// <summary>When the secret stops working on its own (a refresh token's expiry); null for an API key.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
