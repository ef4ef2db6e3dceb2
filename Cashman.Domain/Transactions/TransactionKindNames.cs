namespace Cashman.Domain.Transactions;

/// <summary>
/// The names of the kinds on the wire and in the database (the <c>type</c> discriminator), defined once for the
/// EF configuration, the mapping, the query validation and the Swagger text.
/// </summary>
public static class TransactionKindNames
{
    public const string Income = "income";
    public const string Expense = "expense";
    public const string Transfer = "transfer";

    /// <summary>A regular expression that accepts exactly the names above.</summary>
    public const string Pattern = $"^({Income}|{Expense}|{Transfer})$";

    /// <summary>The longest name.</summary>
    public const int MaxLength = 8;

    /// <summary>The name of a kind.</summary>
    public static string Of(TransactionKind kind) => kind switch
    {
        TransactionKind.Income => Income,
        TransactionKind.Expense => Expense,
        _ => Transfer,
    };

    /// <summary>The kind a name stands for, or null for anything else (including null).</summary>
    public static TransactionKind? Parse(string? name) => name switch
    {
        Income => TransactionKind.Income,
        Expense => TransactionKind.Expense,
        Transfer => TransactionKind.Transfer,
        _ => null,
    };
}
