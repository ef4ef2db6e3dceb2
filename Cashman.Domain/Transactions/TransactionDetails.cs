namespace Cashman.Domain.Transactions;

/// <summary>
/// The client-owned part of a transaction, as received: nothing here is trusted until
/// a <see cref="Transaction"/> accepts it.
/// </summary>
/// <param name="Description">Free text; trimmed, 1 to 200 characters.</param>
/// <param name="Amount">The amount; its sign rule depends on the kind.</param>
/// <param name="Category">Optional category path (<c>name</c> or <c>parent/name</c>); blank means none.</param>
/// <param name="OccurredOn">The day it happened.</param>
/// <param name="CategoryId">The category by id, already checked to be the owner's; it wins over <paramref name="Category"/>.</param>
public sealed record TransactionDetails(string? Description, decimal? Amount, string? Category, DateOnly OccurredOn, Guid? CategoryId = null);
