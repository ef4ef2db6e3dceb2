using Cashman.Domain.Common;
using Cashman.Domain.Money;

namespace Cashman.Domain.Categories;

/// <summary>What a user means to spend in a category in one month, in their base currency.</summary>
public sealed class Budget
{
    private Budget()
    {
    }

    /// <exception cref="DomainValidationException">The amount is negative, too large or has too many decimals.</exception>
    public Budget(Guid userId, Guid categoryId, DateOnly month, decimal amount, string currency, DateTimeOffset now)
    {
        UserId = userId;
        CategoryId = categoryId;
        Month = new DateOnly(month.Year, month.Month, 1);
        Set(amount, currency, now);
    }

    public Guid UserId { get; private set; }

    public Guid CategoryId { get; private set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; private set; }

    public decimal Amount { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <exception cref="DomainValidationException">The amount is negative, too large or has too many decimals.</exception>
    public void Set(decimal amount, string currency, DateTimeOffset now)
    {
        var error = amount < 0 ? "A budget cannot be negative." : MoneyRules.AmountError(amount, currency, 0m);
        if (error is not null)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["amount"] = [error] });
        }

        Amount = Currencies.Exact(amount, currency);
        UpdatedAt = now;
    }
}
