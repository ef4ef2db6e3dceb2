namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// The answer given to a request sent with an <c>Idempotency-Key</c>, kept so that a retry of the same request is
/// answered the same way instead of being carried out again. Written in the same database transaction as the
/// change it answers, so a record exists exactly when the change does.
/// </summary>
public sealed class IdempotencyRecord
{
    public required Guid UserId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the method, path and body: a retry must send the same request.</summary>
    public required byte[] RequestHash { get; init; }

    public required int StatusCode { get; init; }

    public string? Location { get; init; }

    public string? ETag { get; init; }

    /// <summary>The <c>Cashman-Change-Cursor</c> the answer carried.</summary>
    public string? ChangeCursor { get; init; }

    public required string Body { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this instant the key is forgotten: it may be used again, and the record is cleaned up.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
