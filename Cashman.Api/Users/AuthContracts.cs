using Cashman.Api.OpenApi;
using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Domain.Money;

namespace Cashman.Api.Users;

/// <summary>Credentials, for <c>POST /auth/login</c>; <c>POST /auth/register</c> takes them with its own fields.</summary>
public record CredentialsRequest
{
    /// <summary>The account's email; compared case-insensitively.</summary>
    /// <example>ada@example.com</example>
    [RequiredInSchema]
    [SchemaLimits(MaxLength = AccountRules.EmailMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Email { get; init; }

    /// <summary>At least 8 characters.</summary>
    /// <example>correct horse battery staple</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = AccountRules.PasswordMinLength, MaxLength = AccountRules.PasswordMaxLength)]
    public string? Password { get; init; }
}

/// <summary>The body of <c>POST /auth/register</c>: the credentials, and optionally the base currency and time zone.</summary>
public sealed record RegisterRequest : CredentialsRequest
{
    /// <summary>What your reports are in, and the currency of your first account ("Main"); the server's default when absent.</summary>
    /// <example>EUR</example>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? BaseCurrency { get; init; }

    /// <summary>Your IANA time zone, which decides what "today" is; UTC when absent.</summary>
    /// <example>Europe/Berlin</example>
    [SchemaLimits(MinLength = 1, MaxLength = MoneyRules.TimeZoneMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? TimeZone { get; init; }
}

/// <summary>A refresh token, for <c>POST /auth/refresh</c> and <c>POST /auth/logout</c>.</summary>
public sealed record RefreshRequest
{
    /// <summary>The refresh token from the last login or refresh.</summary>
    [RequiredInSchema]
    [SchemaLimits(MaxLength = 256)]
    public string? RefreshToken { get; init; }
}

/// <summary>Body of <c>POST /auth/password</c>.</summary>
public sealed record ChangePasswordRequest
{
    /// <summary>The password the account has now.</summary>
    /// <example>correct horse battery staple</example>
    [RequiredInSchema]
    [SchemaLimits(MaxLength = AccountRules.PasswordMaxLength)]
    public string? CurrentPassword { get; init; }

    /// <summary>The new password, at least 8 characters.</summary>
    /// <example>a longer horse battery staple</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = AccountRules.PasswordMinLength, MaxLength = AccountRules.PasswordMaxLength)]
    public string? NewPassword { get; init; }
}

/// <summary>Body of <c>DELETE /auth/me</c>: the password confirms that the account's owner asks.</summary>
public sealed record DeleteAccountRequest
{
    /// <summary>The account's password.</summary>
    /// <example>correct horse battery staple</example>
    [RequiredInSchema]
    [SchemaLimits(MaxLength = AccountRules.PasswordMaxLength)]
    public string? Password { get; init; }
}

/// <summary>An account, without its secrets.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Email">The email as registered.</param>
public sealed record UserResponse(Guid Id, [property: SchemaLimits(MaxLength = AccountRules.EmailMaxLength)] string Email);

/// <summary>A token pair. Send the access token as <c>Authorization: Bearer ...</c>; trade the refresh token for a new pair.</summary>
/// <param name="AccessToken">JWT, valid for <c>expiresIn</c> seconds.</param>
/// <param name="RefreshToken">Opaque; usable once, within the refresh lifetime.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
public sealed record TokenResponse(
    [property: SchemaLimits(MaxLength = 2048)] string AccessToken,
    [property: SchemaLimits(MaxLength = 256)] string RefreshToken,
    [property: SchemaLimits(MaxLength = 6, Pattern = "^Bearer$")] string TokenType,
    [property: SchemaLimits(Minimum = "60", Maximum = "86400")] int ExpiresIn);

/// <summary>Body of <c>POST /auth/api-keys</c>.</summary>
public sealed record CreateApiKeyRequest
{
    /// <summary>A label to tell keys apart, 1 to 100 characters.</summary>
    /// <example>budget script</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxLength = AccountRules.ApiKeyNameMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Name { get; init; }
}

/// <summary>A new API key. <c>key</c> is shown this once: only its hash is stored.</summary>
/// <param name="Id">The key's id, for revoking it.</param>
/// <param name="Name">Its label.</param>
/// <param name="Key">The secret; send it as <c>X-API-Key</c>.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
public sealed record ApiKeyCreatedResponse(
    Guid Id,
    [property: SchemaLimits(MaxLength = AccountRules.ApiKeyNameMaxLength)] string Name,
    [property: SchemaLimits(MaxLength = 128)] string Key,
    DateTimeOffset CreatedAt);

/// <summary>An API key as listed: never the secret, only its first characters.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">Its label.</param>
/// <param name="Prefix">The first characters of the key.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
public sealed record ApiKeyResponse(
    Guid Id,
    [property: SchemaLimits(MaxLength = AccountRules.ApiKeyNameMaxLength)] string Name,
    [property: SchemaLimits(MaxLength = 16)] string Prefix,
    DateTimeOffset CreatedAt);
