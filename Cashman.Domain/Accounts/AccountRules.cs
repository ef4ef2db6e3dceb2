using System.Net.Mail;
using Cashman.Domain.Common;

namespace Cashman.Domain.Accounts;

/// <summary>Limits for accounts and keys, shared by the domain checks and the EF Core configuration.</summary>
public static class AccountRules
{
    public const int EmailMaxLength = 254;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 1024;
    public const int ApiKeyNameMaxLength = 100;

    /// <summary>Trims the email and checks it is a plain address (no display name, no spaces); returns the trimmed form.</summary>
    public static string ValidateEmail(string? email)
    {
        TextRules.RejectControlCharacters(email, "email");
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > EmailMaxLength ||
            !MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed ||
            !address.Host.Contains('.', StringComparison.Ordinal))
        {
            throw Invalid("email", "The email must be a valid address such as name@example.com.");
        }

        return trimmed;
    }

    /// <summary>Checks the password's length; its strength beyond that is the user's business.</summary>
    public static string ValidatePassword(string? password, string field = "password")
    {
        if (password is null || password.Length < PasswordMinLength)
        {
            throw Invalid(field, $"The password must be at least {PasswordMinLength} characters.");
        }

        if (password.Length > PasswordMaxLength)
        {
            throw Invalid(field, $"The password must be at most {PasswordMaxLength} characters.");
        }

        return password;
    }

    /// <summary>Emails are compared case-insensitively through this form.</summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.ToUpperInvariant();
    }

    internal static DomainValidationException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
