namespace Cashman.Domain.Accounts;

/// <summary>
/// One login: the family of refresh tokens rotated from it and the access tokens issued with it (their
/// <c>sid</c> claim). Revoking the session ends all of them at once.
/// </summary>
public sealed class Session
{
    private Session()
    {
    }

    public Session(Guid id, Guid userId, DateTimeOffset now)
    {
        Id = id;
        UserId = userId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>When the login ends for good, however often its refresh token rotated.</summary>
    public DateTimeOffset EndsAt(TimeSpan lifetime) => CreatedAt + lifetime;
}
