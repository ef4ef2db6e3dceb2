namespace Cashman.Domain.Common;

/// <summary>
/// Thrown when credentials or a token are not accepted. The message is safe to show: it never says
/// which part was wrong (unknown email and wrong password read the same).
/// </summary>
public sealed class AuthenticationFailedException(string message) : Exception(message)
{
    /// <summary>For a request whose user (or login) was erased or ended while it ran.</summary>
    public const string OwnerGone = "The user (or the login) these credentials belong to no longer exists.";
}
