namespace Cashman.Domain.Transactions;

/// <summary>
/// The limits of a transaction, defined once and shared by the domain checks,
/// the EF Core configuration and the API documentation.
/// </summary>
public static class TransactionRules
{
    public const int DescriptionMaxLength = 200;
    /// <summary>A category is a path: a name, or parent/name (each name at most 50 characters).</summary>
    public const int CategoryMaxLength = Categories.CategoryRules.PathMaxLength;
    public const int ExternalIdMaxLength = 100;

    public static readonly DateOnly MinOccurredOn = new(1900, 1, 1);
    public static readonly DateOnly MaxOccurredOn = new(2999, 12, 31);
}
