namespace Cashman.Domain.Transactions;

/// <summary>
/// The limits of a transaction, defined once and shared by the domain checks,
/// the EF Core configuration and the API documentation.
/// </summary>
public static class TransactionRules
{
    public const int DescriptionMaxLength = 200;
    public const int CategoryMaxLength = 50;
    public const int ExternalIdMaxLength = 100;
    public const int AmountScale = 2;

    /// <summary>Total digits of the stored amount: enough for 1,000,000,000.00 with room for sums.</summary>
    public const int AmountPrecision = 15;

    public const decimal MinAbsoluteAmount = 0.01m;
    public const decimal MaxAbsoluteAmount = 1_000_000_000m;

    public static readonly DateOnly MinOccurredOn = new(1900, 1, 1);
    public static readonly DateOnly MaxOccurredOn = new(2999, 12, 31);
}
