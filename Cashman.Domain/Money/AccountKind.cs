namespace Cashman.Domain.Money;

/// <summary>What an account is; on the wire and in the database the names are lower case.</summary>
public enum AccountKind
{
    Checking,
    Savings,
    Credit,
    Cash,
    Investment,
    Other,
}
