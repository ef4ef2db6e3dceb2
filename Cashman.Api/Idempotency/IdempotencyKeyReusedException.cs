namespace Cashman.Api.Idempotency;

/// <summary>Thrown when an <c>Idempotency-Key</c> comes back with a different request than the one it was first used for.</summary>
public sealed class IdempotencyKeyReusedException() : Exception("The Idempotency-Key was used with a different request.");
