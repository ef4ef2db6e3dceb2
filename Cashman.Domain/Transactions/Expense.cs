using Cashman.Domain.Money;

namespace Cashman.Domain.Transactions;

/// <summary>
/// Money spent. Stored negative whatever sign the client sent, as in the tutorial:
/// "no matter if the user sends a positive or a negative value, we will store it as negative".
/// </summary>
public sealed class Expense : Transaction
{
    private Expense()
    {
    }

    public Expense(Guid id, Guid userId, AccountRef account, TransactionDetails details, DateTimeOffset now, string? externalId = null)
        : base(id, userId, account, details, now, externalId)
    {
    }

    public override TransactionKind Kind => TransactionKind.Expense;

    protected override decimal ToSignedAmount(decimal amount, ICollection<string> errors) => -Math.Abs(amount);
}
