using Cashman.Domain.Money;

namespace Cashman.Domain.Transactions;

/// <summary>Where a transfer's money goes: the account, and what arrives there in its currency (when sent).</summary>
public sealed record TransferDestination(AccountRef Account, decimal? Amount);
