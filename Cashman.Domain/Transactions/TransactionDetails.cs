namespace Cashman.Domain.Transactions;

/// <summary>
/// The client-owned part of a transaction, as received: nothing here is trusted until
/// a <see cref="Transaction"/> accepts it.
/// </summary>
/// <param name="Description">Free text; trimmed, 1 to 200 characters.</param>
/// <param name="Amount">The amount; its sign rule depends on the kind.</param>
/// <param name="Category">Optional label; trimmed, up to 50 characters, blank means none.</param>
/// <param name="OccurredOn">The day it happened.</param>
public sealed record TransactionDetails(string? Description, decimal? Amount, string? Category, DateOnly OccurredOn);
