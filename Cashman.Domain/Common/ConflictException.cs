namespace Cashman.Domain.Common;

/// <summary>Thrown when a request conflicts with existing state (an email already registered).</summary>
public sealed class ConflictException(string message) : Exception(message);
