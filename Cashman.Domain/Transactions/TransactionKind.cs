namespace Cashman.Domain.Transactions;

/// <summary>The three kinds of transaction; the wire and database names are lower case.</summary>
public enum TransactionKind
{
    Income,
    Expense,
    Transfer,
}
