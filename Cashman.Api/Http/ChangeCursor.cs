using System.Buffers.Binary;
using System.Globalization;
using Cashman.Domain.Common;

namespace Cashman.Api.Http;

/// <summary>
/// A position in a user's change feed, opaque to clients (base64url of a version byte and three numbers).
/// <list type="bullet">
/// <item><see cref="Seq"/>: every change numbered up to here has been served.</item>
/// <item><see cref="Floor"/>: delete markers numbered up to here are skipped, because the follower started after them with
/// no copy of what they delete (a first sync reads live rows only).</item>
/// <item><see cref="Since"/>: every change numbered after <see cref="Seq"/> was made after this instant; once it is older
/// than the retention, delete markers the follower needs may have been purged, and the cursor is refused.</item>
/// </list>
/// </summary>
public readonly record struct ChangeCursor(long Seq, long Floor, DateTimeOffset Since)
{
    public const string HeaderName = "Cashman-Change-Cursor";

    private const byte FormatVersion = 1;
    private const int Length = 1 + (3 * sizeof(long));

    /// <summary>The position just after one change (or batch of changes) made at <paramref name="now"/>.</summary>
    public static ChangeCursor After(long seq, DateTimeOffset now) => new(seq, 0, now);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], Seq);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], Floor);
        BinaryPrimitives.WriteInt64BigEndian(bytes[17..], Since.ToUnixTimeMilliseconds());
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a cursor a client sent back; anything this service did not make is a 400 naming <paramref name="field"/>.</summary>
    public static ChangeCursor Parse(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> bytes = stackalloc byte[Length + 2];
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        if (text.Length > 64
            || !Convert.TryFromBase64String(base64, bytes, out var written)
            || written != Length
            || bytes[0] != FormatVersion)
        {
            throw Invalid(field);
        }

        var seq = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var floor = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        var since = BinaryPrimitives.ReadInt64BigEndian(bytes[17..]);
        if (seq < 0 || floor < 0 || since is < 0 or > 253_402_300_799_999)
        {
            throw Invalid(field);
        }

        return new ChangeCursor(seq, floor, DateTimeOffset.FromUnixTimeMilliseconds(since));
    }

    /// <summary>The <c>Cashman-Change-Cursor</c> of a write whose last change has number <paramref name="seq"/>.</summary>
    public static string ForWrite(HttpContext context, long seq)
    {
        ArgumentNullException.ThrowIfNull(context);
        return After(seq, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).ToString();
    }

    /// <summary>Sets <c>Cashman-Change-Cursor</c> on a write's answer.</summary>
    public static void Write(HttpContext context, long seq)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[HeaderName] = ForWrite(context, seq);
    }

    private static DomainValidationException Invalid(string field) =>
        new(new Dictionary<string, string[]>
        {
            [field] = [string.Create(CultureInfo.InvariantCulture, $"The {field} cursor is not one this service issued; use the next value of a changes page or a Cashman-Change-Cursor header.")],
        });
}
