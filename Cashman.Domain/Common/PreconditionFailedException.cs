namespace Cashman.Domain.Common;

/// <summary>Thrown when a conditional request's <c>If-Match</c> no longer matches the stored version.</summary>
public sealed class PreconditionFailedException : Exception;
