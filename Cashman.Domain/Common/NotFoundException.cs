namespace Cashman.Domain.Common;

/// <summary>
/// Thrown when a resource does not exist or is not visible to the caller. Deliberately carries no
/// detail: an unknown id and an id of the other kind must be indistinguishable to the client.
/// </summary>
public sealed class NotFoundException() : Exception("The resource was not found.");
