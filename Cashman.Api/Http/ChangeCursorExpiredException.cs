namespace Cashman.Api.Http;

/// <summary>A change-feed cursor older than the delete markers' retention: the client must start again (410).</summary>
public sealed class ChangeCursorExpiredException(int retentionDays)
    : Exception($"This cursor is older than the {retentionDays} days for which deletes are kept, so changes may be missing. Start again without 'after' and replace your copy.");
