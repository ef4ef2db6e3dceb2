namespace Cashman.Domain.Money;

/// <summary>The account a transaction is in, as far as the transaction needs to know it: its id and its currency.</summary>
public readonly record struct AccountRef(Guid Id, string Currency);
