namespace Cashman.Domain.Common;

/// <summary>Thrown when the request is understood but not allowed here (registration closed by the operator).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
