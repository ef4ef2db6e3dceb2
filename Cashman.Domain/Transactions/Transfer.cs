using Cashman.Domain.Money;

namespace Cashman.Domain.Transactions;

/// <summary>
/// Money moved between two of the owner's accounts: <see cref="Transaction.Amount"/> (positive) leaves
/// <see cref="Transaction.AccountId"/> in its currency and <see cref="Transaction.ToAmount"/> arrives in
/// <see cref="Transaction.ToAccountId"/>. Never an income or an expense, and never in a category.
/// </summary>
public sealed class Transfer : Transaction
{
    public const string DefaultDescriptionText = "Transfer";

    private Transfer()
    {
    }

    public Transfer(Guid id, Guid userId, AccountRef from, TransferDestination to, TransactionDetails details, DateTimeOffset now, string? externalId = null)
        : base(id, userId, from, WithoutCategory(details), now, externalId, to ?? throw new ArgumentNullException(nameof(to)))
    {
    }

    public override TransactionKind Kind => TransactionKind.Transfer;

    protected override string? DefaultDescription => DefaultDescriptionText;

    /// <summary>Replaces the transfer's accounts, amounts, description and day; the external id stays.</summary>
    public void Update(AccountRef from, TransferDestination to, TransactionDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(to);
        Update(from, WithoutCategory(details), to, now);
    }

    protected override decimal ToSignedAmount(decimal amount, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (amount < 0)
        {
            errors.Add("A transfer's amount must be positive: it is what leaves fromAccountId.");
        }

        return amount;
    }

    private static TransactionDetails WithoutCategory(TransactionDetails details) =>
        (details ?? throw new ArgumentNullException(nameof(details))) with { Category = null };
}
