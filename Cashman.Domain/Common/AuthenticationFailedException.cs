namespace Cashman.Domain.Common;

/// <summary>
/// Thrown when credentials or a token are not accepted. The message is safe to show: it never says
/// which part was wrong (unknown email and wrong password read the same).
/// </summary>
public sealed class AuthenticationFailedException(string message) : Exception(message);
