namespace Cashman.Domain.Accounts;

/// <summary>An account. The password is held only as a hash made by the caller's hasher.</summary>
public sealed class User
{
    private User()
    {
        Email = string.Empty;
        NormalizedEmail = string.Empty;
        PasswordHash = string.Empty;
    }

    public User(Guid id, string email, DateTimeOffset now)
    {
        Id = id;
        Email = AccountRules.ValidateEmail(email);
        NormalizedEmail = AccountRules.NormalizeEmail(Email);
        PasswordHash = string.Empty;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Email { get; private set; }

    /// <summary>Upper-case form with a unique index: two spellings of one address cannot both register.</summary>
    public string NormalizedEmail { get; private set; }

    public string PasswordHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public void SetPasswordHash(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        PasswordHash = passwordHash;
    }
}
