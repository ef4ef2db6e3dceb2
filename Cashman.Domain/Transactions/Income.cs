using Cashman.Domain.Money;

namespace Cashman.Domain.Transactions;

/// <summary>Money received. Its amount is always positive: a negative income is rejected.</summary>
public sealed class Income : Transaction
{
    private Income()
    {
    }

    public Income(Guid id, Guid userId, AccountRef account, TransactionDetails details, DateTimeOffset now, string? externalId = null)
        : base(id, userId, account, details, now, externalId)
    {
    }

    public override TransactionKind Kind => TransactionKind.Income;

    protected override decimal ToSignedAmount(decimal amount, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (amount < 0)
        {
            errors.Add("An income's amount must be positive.");
        }

        return amount;
    }
}
