namespace Cashman.Domain.Common;

/// <summary>Thrown when a new transaction's external id is one its owner already has: the record is stored already.</summary>
public sealed class ExternalIdTakenException(Guid existingId)
    : Exception("A transaction with this externalId already exists; existingId names it.")
{
    /// <summary>The stored transaction that has the external id.</summary>
    public Guid ExistingId { get; } = existingId;
}
