using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Users;

/// <summary>
/// <c>Jwt__SigningKey</c>, <c>Jwt__Issuer</c>, <c>Jwt__Audience</c>, <c>Jwt__AccessTokenMinutes</c>, <c>Jwt__RefreshTokenDays</c>, <c>Jwt__SessionDays</c>.
/// </summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The key checked into appsettings.Development.json. Public, so refused everywhere else.</summary>
    public const string DevelopmentKey = "cashman-development-signing-key-not-for-production-use-0001";

    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "cashman";

    [Required]
    public string Audience { get; set; } = "cashman-api";

    [Range(1, 1440)]
    public int AccessTokenMinutes { get; set; } = 15;

    [Range(1, 365)]
    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>The absolute lifetime of a login: however often its refresh token rotated, refreshing stops after this.</summary>
    [Range(1, 3650)]
    public int SessionDays { get; set; } = 30;
}

/// <summary>Refuses to start with a missing or short signing key, or, outside Development, with the public development key.</summary>
public sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SigningKey) || Encoding.UTF8.GetByteCount(options.SigningKey) < JwtOptions.MinimumKeyBytes)
        {
            return ValidateOptionsResult.Fail(
                $"Jwt__SigningKey must be set to a random secret of at least {JwtOptions.MinimumKeyBytes} bytes (for example: openssl rand -base64 48).");
        }

        if (!environment.IsDevelopment() && options.SigningKey == JwtOptions.DevelopmentKey)
        {
            return ValidateOptionsResult.Fail("Jwt__SigningKey is the public development key; set a secret of your own outside Development.");
        }

        return ValidateOptionsResult.Success;
    }
}
