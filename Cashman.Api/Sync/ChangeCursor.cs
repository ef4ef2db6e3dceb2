using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Sync;

/// <summary>
/// A position in a user's change feed, opaque to clients (base64url of a version byte, three numbers and a MAC).
/// <list type="bullet">
/// <item><see cref="Seq"/>: every change numbered up to here has been served.</item>
/// <item><see cref="Floor"/>: delete markers numbered up to here are skipped, because the follower started after them with
/// no copy of what they delete (a first sync reads live rows only).</item>
/// <item><see cref="Since"/>: every change numbered after <see cref="Seq"/> was made after this instant; once it is older
/// than the retention, delete markers the follower needs may have been purged, and the cursor is refused.</item>
/// </list>
/// A cursor is sealed for one user with <see cref="ChangeCursorKey"/>: another user's, a tampered or a hand-made one is
/// a 400, so that no follower can skip its own changes with a position it was never given.
/// </summary>
public readonly record struct ChangeCursor(long Seq, long Floor, DateTimeOffset Since)
{
    public const string HeaderName = "Cashman-Change-Cursor";

    /// <summary>Version 1 cursors carried no MAC; they are still recognised, to tell their holders to start again.</summary>
    private const byte UnsealedVersion = 1;
    private const byte FormatVersion = 2;
    private const int NumbersLength = 3 * sizeof(long);
    private const int MacLength = 16;
    private const int Length = 1 + NumbersLength + MacLength;

    /// <summary>The position just after one change (or batch of changes) made at <paramref name="now"/>.</summary>
    public static ChangeCursor After(long seq, DateTimeOffset now) => new(seq, 0, now);

    /// <summary>The cursor as a client gets it, bound to <paramref name="owner"/>.</summary>
    public string Seal(Guid owner, ChangeCursorKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], Seq);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], Floor);
        BinaryPrimitives.WriteInt64BigEndian(bytes[17..], Since.ToUnixTimeMilliseconds());
        key.Mac(owner, bytes[..(1 + NumbersLength)], bytes[(1 + NumbersLength)..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a cursor a client sent back; anything this service did not issue to <paramref name="owner"/> is a 400 naming <paramref name="field"/>.</summary>
    /// <exception cref="ChangeCursorExpiredException">A cursor of the unsealed format issued before cursors were bound to their user.</exception>
    public static ChangeCursor Open(string text, Guid owner, ChangeCursorKey key, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> bytes = stackalloc byte[Length + 2];
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        if (text.Length > 64 || !Convert.TryFromBase64String(base64, bytes, out var written))
        {
            throw Invalid(field);
        }

        var cursor = Numbers(bytes[1..]);
        if (written == 1 + NumbersLength && bytes[0] == UnsealedVersion && cursor is not null)
        {
            throw new ChangeCursorExpiredException();
        }

        Span<byte> expected = stackalloc byte[MacLength];
        if (written != Length || bytes[0] != FormatVersion || cursor is null)
        {
            throw Invalid(field);
        }

        key.Mac(owner, bytes[..(1 + NumbersLength)], expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes[(1 + NumbersLength)..Length]) ? cursor.Value : throw Invalid(field);
    }

    /// <summary>The <c>Cashman-Change-Cursor</c> of the caller's write whose last change has number <paramref name="seq"/>.</summary>
    public static string ForWrite(HttpContext context, long seq)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        return After(seq, services.GetRequiredService<TimeProvider>().GetUtcNow())
            .Seal(services.GetRequiredService<CurrentUser>().Id, services.GetRequiredService<ChangeCursorKey>());
    }

    /// <summary>Sets <c>Cashman-Change-Cursor</c> on a write's answer.</summary>
    public static void Write(HttpContext context, long seq)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[HeaderName] = ForWrite(context, seq);
    }

    private static ChangeCursor? Numbers(ReadOnlySpan<byte> bytes)
    {
        var seq = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var floor = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
        var since = BinaryPrimitives.ReadInt64BigEndian(bytes[16..]);
        return seq < 0 || floor < 0 || since is < 0 or > 253_402_300_799_999
            ? null
            : new ChangeCursor(seq, floor, DateTimeOffset.FromUnixTimeMilliseconds(since));
    }

    private static DomainValidationException Invalid(string field) =>
        new(new Dictionary<string, string[]>
        {
            [field] = [string.Create(CultureInfo.InvariantCulture, $"The {field} cursor is not one this service issued to you; use the next value of a changes page or a Cashman-Change-Cursor header.")],
        });
}

/// <summary>
/// The key that seals change cursors: derived (HKDF-SHA256) from <c>Jwt__SigningKey</c>, which every replica shares, so
/// that a cursor issued by one replica opens on any other, and never the signing key itself.
/// </summary>
public sealed class ChangeCursorKey(IOptions<JwtOptions> jwt)
{
    private readonly byte[] _key = HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        Encoding.UTF8.GetBytes(jwt.Value.SigningKey ?? string.Empty),
        outputLength: 32,
        info: Encoding.UTF8.GetBytes("cashman change cursor v2"));

    /// <summary>Writes the first bytes of HMAC-SHA256(owner, cursor) to <paramref name="mac"/>.</summary>
    public void Mac(Guid owner, ReadOnlySpan<byte> cursor, Span<byte> mac)
    {
        Span<byte> message = stackalloc byte[16 + cursor.Length];
        owner.TryWriteBytes(message, bigEndian: true, out _);
        cursor.CopyTo(message[16..]);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, message, hash);
        hash[..mac.Length].CopyTo(mac);
    }
}
