using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Cashman.Api.Imports;

/// <summary>How statements in XML are read: no DTD, no external entity, nothing resolved (XXE), and SGML made XML.</summary>
internal static partial class StatementXml
{
    public static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        Async = false,
    };

    /// <summary>
    /// The SGML body of an OFX 1.x file as XML: an element whose value has no end tag gets one, an end tag closes the
    /// elements still open inside it, and values are escaped. Line breaks stay where they were.
    /// </summary>
    /// <exception cref="XmlException">An end tag that closes nothing open, or a tag that is not a tag.</exception>
    public static string FromSgml(string sgml)
    {
        var xml = new StringBuilder(sgml.Length + (sgml.Length / 4));
        var open = new Stack<string>();
        string? leaf = null;
        string? closedByValue = null;
        foreach (Match token in SgmlToken().Matches(sgml))
        {
            if (token.Groups["text"].Success)
            {
                var text = token.Value;
                var value = text.TrimEnd();
                if (value.Trim().Length == 0)
                {
                    xml.Append(text);
                    continue;
                }

                if (leaf is null)
                {
                    throw new XmlException("An OFX value outside an element.");
                }

                xml.Append(SecurityElement.Escape(WebUtility(value.Trim()))).Append("</").Append(leaf).Append('>').Append(text.AsSpan(value.Length));
                open.Pop();
                (closedByValue, leaf) = (leaf, null);
                continue;
            }

            var name = token.Groups["name"].Value;
            var endsValue = closedByValue == name;
            closedByValue = null;
            if (token.Groups["end"].Value == "/")
            {
                if (endsValue)
                {
                    // <CODE>0</CODE>: the value's end tag, already written.
                    continue;
                }

                if (!open.Contains(name))
                {
                    throw new XmlException("An OFX end tag closes no element.");
                }

                // Elements still open inside it (a value left empty) close with it.
                string closed;
                do
                {
                    closed = open.Pop();
                    xml.Append("</").Append(closed).Append('>');
                }
                while (closed != name);

                leaf = null;
                continue;
            }

            // <A><B>: A, if still the leaf, is an aggregate, not a value.
            open.Push(name);
            leaf = name;
            xml.Append('<').Append(name).Append('>');
        }

        if (open.Count > 0)
        {
            throw new XmlException("An OFX element is never closed.");
        }

        return xml.ToString();
    }

    /// <summary>The entities SGML values use, as characters (escaped again for XML).</summary>
    private static string WebUtility(string value) => value.Contains('&', StringComparison.Ordinal)
        ? value.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&nbsp;", " ", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
        : value;

    [GeneratedRegex(@"<(?<end>/?)(?<name>[A-Za-z0-9_.]+)>|(?<text>[^<]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 10000)]
    private static partial Regex SgmlToken();
}
