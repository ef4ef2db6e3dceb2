using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cashman.Api.Users;

/// <summary>
/// Random opaque secrets (refresh tokens, API keys) and the hash they are stored and looked up by. A secret is the
/// base64url of its owner's id (16 bytes) followed by 256 random bits, so that it names the shard its row lives on; the
/// random part alone makes it unguessable. Secrets issued before they carried the owner are 256 random bits only.
/// </summary>
public static class SecretGenerator
{
    public const string ApiKeyPrefix = "cm_";
    private const int OwnerBytes = 16;
    private const int SecretBytes = 32;

    public static string NewRefreshToken(Guid owner) => Encode(owner);

    public static string NewApiKey(Guid owner) => ApiKeyPrefix + Encode(owner);

    /// <summary>A password for the operator to hand over once: 20 characters, about 119 bits, easy to type and read.</summary>
    public static string NewOneTimePassword() =>
        RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789", 20);

    /// <summary>The owner a secret names; false for a secret without one (issued before owners were embedded, or not ours).</summary>
    public static bool TryReadOwner(string secret, out Guid owner)
    {
        ArgumentNullException.ThrowIfNull(secret);
        owner = Guid.Empty;
        var encoded = secret.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) ? secret.AsSpan(ApiKeyPrefix.Length) : secret.AsSpan();
        Span<byte> bytes = stackalloc byte[OwnerBytes + SecretBytes];
        if (Base64Url.GetMaxDecodedLength(encoded.Length) != bytes.Length
            || Base64Url.DecodeFromChars(encoded, bytes, out var consumed, out var written) != OperationStatus.Done
            || consumed != encoded.Length
            || written != bytes.Length)
        {
            return false;
        }

        owner = new Guid(bytes[..OwnerBytes], bigEndian: true);
        return owner != Guid.Empty;
    }

    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    private static string Encode(Guid owner)
    {
        Span<byte> bytes = stackalloc byte[OwnerBytes + SecretBytes];
        owner.TryWriteBytes(bytes[..OwnerBytes], bigEndian: true, out _);
        RandomNumberGenerator.Fill(bytes[OwnerBytes..]);
        return Base64Url.EncodeToString(bytes);
    }
}
