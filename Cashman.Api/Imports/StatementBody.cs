using System.Text;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Imports;

/// <summary>The kinds of file <c>POST /imports</c> reads.</summary>
public enum StatementFormat
{
    /// <summary>A bank's CSV file or Cashman's export.</summary>
    Csv,

    /// <summary>Open Financial Exchange, 1.x (SGML) or 2.x (XML).</summary>
    Ofx,

    /// <summary>An ISO 20022 bank-to-customer statement (camt.053).</summary>
    Camt053,
}

/// <summary>
/// What the body of an import is, from its <c>Content-Type</c>: the format, and for CSV and OFX 1.x the charset it is
/// decoded with. The charsets are those banks write: UTF-8 (the default, with or without a byte order mark), UTF-16 with
/// its byte order mark, ISO-8859-1, ISO-8859-15 and Windows-1252, decoded by the framework's encodings (the last two from
/// <see cref="CodePagesEncodingProvider"/>) so that a byte invalid in the declared charset is an error, never a guess.
/// </summary>
public sealed record StatementBody(StatementFormat Format, Encoding? Encoding)
{
    public const string Csv = "text/csv";
    public const string Ofx = "application/x-ofx";
    public const string Xml = "application/xml";

    /// <summary>UTF-8, UTF-16 (little and big endian), ISO-8859-1, Windows-1252, ISO-8859-15.</summary>
    private static readonly HashSet<int> CodePages = [65001, 1200, 1201, 28591, 1252, 28605];

    static StatementBody() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The body's format and declared charset (null: none declared).</summary>
    /// <exception cref="BadHttpRequestException">415: another media type, or a charset that is not one of those above.</exception>
    public static StatementBody Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            throw Unsupported();
        }

        var format = type.MediaType.Value?.ToUpperInvariant() switch
        {
            "TEXT/CSV" => StatementFormat.Csv,
            "APPLICATION/X-OFX" => StatementFormat.Ofx,
            "APPLICATION/XML" => StatementFormat.Camt053,
            _ => throw Unsupported(),
        };
        return new StatementBody(format, type.Charset.HasValue ? Strict(HeaderUtilities.RemoveQuotes(type.Charset).ToString()) : null);
    }

    /// <summary>The encoding of a charset name, throwing on bytes it does not define.</summary>
    /// <exception cref="BadHttpRequestException">415: not a charset an import reads.</exception>
    public static Encoding Strict(string charset)
    {
        Encoding known;
        try
        {
            known = Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            throw Unsupported();
        }

        return known.CodePage switch
        {
            _ when !CodePages.Contains(known.CodePage) => throw Unsupported(),
            65001 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true),
            1200 or 1201 => new UnicodeEncoding(bigEndian: known.CodePage == 1201, byteOrderMark: true, throwOnInvalidBytes: true),
            1252 => new Windows1252(),
            _ => Encoding.GetEncoding(known.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        };
    }

    /// <summary>
    /// A reader of the text of <paramref name="body"/> in <paramref name="encoding"/> (UTF-8 when null) that skips a byte
    /// order mark. UTF-16 must start with its byte order mark, which also says which end comes first.
    /// </summary>
    /// <exception cref="Domain.Common.DomainValidationException">UTF-16 without a byte order mark.</exception>
    public static async Task<TextReader> TextAsync(Stream body, Encoding? encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        encoding ??= Strict("utf-8");
        if (encoding is UnicodeEncoding)
        {
            var start = new byte[2];
            var read = await body.ReadAtLeastAsync(start, 2, throwOnEndOfStream: false, cancellationToken);
            encoding = start switch
            {
                [0xFF, 0xFE] when read == 2 => new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true),
                [0xFE, 0xFF] when read == 2 => new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true),
                _ => throw Domain.Common.DomainValidationException.For("body", "A UTF-16 file must start with its byte order mark."),
            };
            return new StreamReader(body, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        }

        // The preamble of UTF-8 makes the reader skip a byte order mark; single-byte charsets have none.
        return new StreamReader(body, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
    }

    private static BadHttpRequestException Unsupported() => new(
        "The file must be text/csv (charset utf-8, utf-16, iso-8859-1, iso-8859-15 or windows-1252), application/x-ofx or application/xml (ISO 20022 camt.053).",
        StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>
/// Windows-1252 whose five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are errors: the framework's code page decodes
/// them to the C1 control characters, which no other byte of this charset gives, so finding one means such a byte.
/// </summary>
internal sealed class Windows1252() : Encoding(1252)
{
    private static readonly Encoding Inner = GetEncoding(1252);

    public override string WebName => Inner.WebName;

    public override int GetByteCount(char[] chars, int index, int count) => Inner.GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Inner.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        var written = Inner.GetChars(bytes, byteIndex, byteCount, chars, charIndex);
        Check(chars.AsSpan(charIndex, written));
        return written;
    }

    public override Decoder GetDecoder() => new Checked(Inner.GetDecoder());

    public override int GetMaxByteCount(int charCount) => Inner.GetMaxByteCount(charCount);

    public override int GetMaxCharCount(int byteCount) => Inner.GetMaxCharCount(byteCount);

    private static void Check(ReadOnlySpan<char> chars)
    {
        if (chars.ContainsAnyInRange('\u0080', '\u009F'))
        {
            throw new DecoderFallbackException("A byte that Windows-1252 does not define.");
        }
    }

    private sealed class Checked(Decoder inner) : Decoder
    {
        public override int GetCharCount(byte[] bytes, int index, int count) => inner.GetCharCount(bytes, index, count);

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
        {
            var written = inner.GetChars(bytes, byteIndex, byteCount, chars, charIndex);
            Check(chars.AsSpan(charIndex, written));
            return written;
        }

        public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush)
        {
            var written = inner.GetChars(bytes, chars, flush);
            Check(chars[..written]);
            return written;
        }
    }
}
