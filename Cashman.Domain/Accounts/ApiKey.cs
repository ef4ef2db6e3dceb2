using Cashman.Domain.Common;

namespace Cashman.Domain.Accounts;

/// <summary>A long-lived credential for scripts. Only its SHA-256 hash and a short display prefix are stored.</summary>
public sealed class ApiKey
{
    private ApiKey()
    {
        Name = string.Empty;
        Prefix = string.Empty;
        KeyHash = string.Empty;
    }

    public ApiKey(Guid id, Guid userId, string? name, string prefix, string keyHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(keyHash);
        TextRules.RejectControlCharacters(name, "name");
        var trimmed = name?.Trim();
        if (TextRules.IsBlank(trimmed) || trimmed.Length > AccountRules.ApiKeyNameMaxLength)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["name"] = [$"The name is required and must be at most {AccountRules.ApiKeyNameMaxLength} characters."],
            });
        }

        Id = id;
        UserId = userId;
        Name = trimmed;
        Prefix = prefix;
        KeyHash = keyHash;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; }

    /// <summary>The first characters of the key, so that a user can tell keys apart in a list.</summary>
    public string Prefix { get; private set; }

    public string KeyHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Set when revoked (by a conditional update, so two revocations cannot both count).</summary>
    public DateTimeOffset? RevokedAt { get; private set; }
}
