using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Cashman.Api.Authentication;

/// <summary>Random opaque secrets (refresh tokens, API keys) and the hash they are stored and looked up by.</summary>
public static class SecretGenerator
{
    public const string ApiKeyPrefix = "cm_";
    private const int SecretBytes = 32;

    /// <summary>256 random bits, base64url: high entropy, so a plain SHA-256 is an adequate stored form.</summary>
    public static string NewRefreshToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string NewApiKey() => ApiKeyPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}
