namespace Cashman.Api.Sync;

/// <summary>A change-feed cursor the client must replace by starting again without <c>after</c> (410).</summary>
public sealed class ChangeCursorExpiredException : Exception
{
    /// <summary>Older than the delete markers' retention: changes may be missing.</summary>
    public ChangeCursorExpiredException(int retentionDays)
        : base($"This cursor is older than the {retentionDays} days for which deletes are kept, so changes may be missing. Start again without 'after' and replace your copy.")
    {
    }

    /// <summary>Issued before cursors were bound to their user: it cannot be checked, so it is not trusted.</summary>
    public ChangeCursorExpiredException()
        : base("This cursor was issued before cursors were bound to their user and can no longer be used. Start again without 'after' and replace your copy.")
    {
    }
}
