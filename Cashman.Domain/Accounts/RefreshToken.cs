namespace Cashman.Domain.Accounts;

/// <summary>An opaque refresh token, stored only as its SHA-256 hash. Usable once: using it rotates it.</summary>
public sealed class RefreshToken
{
    private RefreshToken()
    {
        TokenHash = string.Empty;
    }

    public RefreshToken(Guid id, Guid sessionId, Guid userId, string tokenHash, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        Id = id;
        SessionId = sessionId;
        UserId = userId;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid UserId { get; private set; }

    public string TokenHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>When it was exchanged for a new pair; presenting it again after that is reuse.</summary>
    public DateTimeOffset? RotatedAt { get; private set; }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}
