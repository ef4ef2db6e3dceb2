using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Cashman.Api.Accounts;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Imports;

/// <summary>
/// Reads Open Financial Exchange statements (bank and credit card, OFX 1.x and 2.x) with the framework's XML reader. Each
/// <c>STMTTRN</c> is a row: <c>DTPOSTED</c> its day, <c>TRNAMT</c> its signed amount, <c>FITID</c> its external id,
/// <c>NAME</c> and <c>MEMO</c> its description; <c>CURDEF</c> and <c>ACCTID</c> say the currency and the account.
/// </summary>
/// <remarks>
/// OFX 2.x is XML. OFX 1.x is SGML: header lines (<c>OFXHEADER:100</c>, <c>CHARSET:1252</c>), then elements whose values
/// have no end tag (<c>&lt;TRNAMT&gt;-12.50</c>). It is turned into XML by adding those end tags, keeping every line where
/// it was, so that row numbers are the file's. The specification: OFX 2.3, sections 2.2 (headers), 2.3 (SGML), 11.4
/// (bank statements), 13.6 (credit card statements).
/// </remarks>
public static class OfxStatementReader
{
    public static async IAsyncEnumerable<Transaction> ReadAsync(
        Stream body, Encoding? declared, StatementAccounts accounts, ImportRows rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(rows);
        using var file = new MemoryStream();
        await body.CopyToAsync(file, cancellationToken);
        file.Position = 0;
        using var reader = XmlReader.Create(Text(file, declared), StatementXml.Settings);
        var entries = new StatementEntries(rows);
        string? currency = null;
        string? number = null;
        AccountEntry? account = null;
        var statements = 0;
        reader.MoveToContent();
        while (!reader.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "STMTRS" or "CCSTMTRS":
                    (currency, number, account) = (null, null, null);
                    statements++;
                    reader.Read();
                    break;
                case "CURDEF":
                    currency = reader.ReadElementContentAsString().Trim();
                    break;
                case "BANKACCTFROM" or "CCACCTFROM":
                    number = ((XElement)XNode.ReadFrom(reader)).Element("ACCTID")?.Value.Trim();
                    break;
                case "BANKTRANLIST":
                    account = accounts.For(number, currency);
                    reader.Read();
                    break;
                case "STMTTRN" when account is not null:
                    var line = ((IXmlLineInfo)reader).LineNumber;
                    var row = entries.Read(Entry(line, (XElement)XNode.ReadFrom(reader)), account, "yyyyMMdd");
                    if (row is not null)
                    {
                        yield return row;
                    }

                    break;
                default:
                    reader.Read();
                    break;
            }
        }

        if (statements == 0)
        {
            throw DomainValidationException.For("body", "The file has no OFX bank or credit card statement (STMTRS or CCSTMTRS).");
        }

        rows.Finish();
    }

    private static StatementEntry Entry(int line, XElement transaction)
    {
        string? Value(string name) => transaction.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : null;
        var name = Value("NAME") ?? transaction.Element("PAYEE")?.Element("NAME")?.Value.Trim();
        var memo = Value("MEMO");
        var description = name is not null && memo is not null && name != memo ? $"{name} – {memo}"
            : name ?? memo ?? (Value("CHECKNUM") is { } check ? $"Check {check}" : Value("TRNTYPE"));

        // OFX allows ',' as the decimal separator; it never groups digits.
        var amount = Value("TRNAMT") is { } text && !text.Contains('.', StringComparison.Ordinal) ? text.Replace(',', '.') : Value("TRNAMT");
        var currency = transaction.Element("CURRENCY")?.Element("CURSYM")?.Value.Trim();
        return new StatementEntry(line, Value("DTPOSTED"), amount, currency, Value("FITID"), description, Pending: false);
    }

    /// <summary>The file as XML text: 2.x as it is, 1.x from its SGML in its header's charset (or the declared one).</summary>
    private static TextReader Text(MemoryStream file, Encoding? declared)
    {
        var bytes = file.GetBuffer().AsSpan(0, (int)file.Length);
        var start = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        var head = Encoding.ASCII.GetString(bytes[start..Math.Min(bytes.Length, start + 512)]).TrimStart();
        if (head.StartsWith("<?xml", StringComparison.Ordinal) || head.StartsWith("<OFX>", StringComparison.Ordinal))
        {
            return declared is null
                ? new StreamReader(file, detectEncodingFromByteOrderMarks: true)
                : new StreamReader(file, declared, detectEncodingFromByteOrderMarks: false);
        }

        if (!head.StartsWith("OFXHEADER:", StringComparison.Ordinal))
        {
            throw new XmlException("Not an OFX file.");
        }

        var headerEnd = bytes.IndexOf("<"u8);
        if (headerEnd < 0)
        {
            throw new XmlException("The OFX file has a header but no body.");
        }

        var header = Encoding.ASCII.GetString(bytes[..headerEnd])
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToUpperInvariant(), p => p[1].Trim().ToUpperInvariant(), StringComparer.Ordinal);
        var encoding = declared ?? (header.GetValueOrDefault("ENCODING") == "UTF-8"
            ? StatementBody.Strict("utf-8")
            : StatementBody.Strict(header.GetValueOrDefault("CHARSET") switch
            {
                "ISO-8859-1" or "8859-1" => "iso-8859-1",
                "ISO-8859-15" or "8859-15" => "iso-8859-15",
                _ => "windows-1252",
            }));
        // The header's lines stay as empty lines, so that line numbers are the file's.
        var prefixLines = bytes[..headerEnd].Count((byte)'\n');
        file.Position = headerEnd;
        var body = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false);
        return new SgmlAsXml(body, new string('\n', prefixLines));
    }
}
