using System.Xml;

namespace Cashman.Api.Imports;

/// <summary>How statements in XML are read: no DTD, no external entity, nothing resolved (XXE), and SGML made XML.</summary>
internal static class StatementXml
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

    /// <summary>The SGML body of an OFX 1.x file as XML (<see cref="SgmlAsXml"/>), whole.</summary>
    /// <exception cref="XmlException">An end tag that closes nothing open, or a tag that is not a tag.</exception>
    public static string FromSgml(string sgml)
    {
        using var reader = new SgmlAsXml(new StringReader(sgml));
        return reader.ReadToEnd();
    }

    /// <summary>The entities SGML values use, as characters (escaped again for XML).</summary>
    public static string Unescaped(string value) => value.Contains('&', StringComparison.Ordinal)
        ? value.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&nbsp;", " ", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
        : value;
}

/// <summary>
/// The SGML body of an OFX 1.x file read as XML, as the XML reader asks for it: an element whose value has no end tag
/// gets one, an end tag closes the elements still open inside it, and values are escaped. Line breaks stay where they
/// were, so line numbers are the file's. Nothing is held but the open elements and the token at hand.
/// </summary>
/// <param name="sgml">The SGML from its first tag.</param>
/// <param name="before">Text to give before it (the header's lines, as line breaks).</param>
internal sealed class SgmlAsXml(TextReader sgml, string before = "") : TextReader
{
    private readonly System.Text.StringBuilder _token = new();
    private readonly System.Text.StringBuilder _out = new(before);
    private readonly Stack<string> _open = new();
    private int _read;
    private string? _leaf;
    private string? _closedByValue;
    private bool _done;

    public override int Peek() => Fill() ? _out[_read] : -1;

    public override int Read() => Fill() ? _out[_read++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty || !Fill())
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _out.Length - _read);
        _out.CopyTo(_read, buffer, count);
        _read += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            sgml.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Whether there is output to read, converting the next tokens when there is none.</summary>
    /// <exception cref="XmlException">The SGML is broken.</exception>
    private bool Fill()
    {
        while (_read == _out.Length && !_done)
        {
            _out.Clear();
            _read = 0;
            Convert();
        }

        return _read < _out.Length;
    }

    /// <summary>Converts one token: a tag, or the text up to the next one.</summary>
    private void Convert()
    {
        _token.Clear();
        var first = sgml.Read();
        if (first < 0)
        {
            _done = true;
            if (_open.Count > 0)
            {
                throw new XmlException("An OFX element is never closed.");
            }

            return;
        }

        if (first != '<')
        {
            _token.Append((char)first);
            while (sgml.Peek() is >= 0 and not '<')
            {
                _token.Append((char)sgml.Read());
            }

            Text(_token.ToString());
            return;
        }

        var end = sgml.Peek() == '/';
        if (end)
        {
            sgml.Read();
        }

        while (sgml.Peek() is var c && c != '>')
        {
            if (c < 0 || !(char.IsAsciiLetterOrDigit((char)c) || c is '_' or '.'))
            {
                throw new XmlException("An OFX tag is not a tag.");
            }

            _token.Append((char)sgml.Read());
        }

        sgml.Read();
        if (_token.Length == 0)
        {
            throw new XmlException("An OFX tag has no name.");
        }

        Tag(_token.ToString(), end);
    }

    private void Text(string text)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            _out.Append(text);
            return;
        }

        if (_leaf is null)
        {
            throw new XmlException("An OFX value outside an element.");
        }

        _out.Append(System.Security.SecurityElement.Escape(StatementXml.Unescaped(value))).Append("</").Append(_leaf).Append('>').Append(text.AsSpan(text.TrimEnd().Length));
        _open.Pop();
        (_closedByValue, _leaf) = (_leaf, null);
    }

    private void Tag(string name, bool end)
    {
        var endsValue = _closedByValue == name;
        _closedByValue = null;
        if (!end)
        {
            // <A><B>: A, if still the leaf, is an aggregate, not a value.
            _open.Push(name);
            _leaf = name;
            _out.Append('<').Append(name).Append('>');
            return;
        }

        if (endsValue)
        {
            // <CODE>0</CODE>: the value's end tag, already written.
            return;
        }

        if (!_open.Contains(name))
        {
            throw new XmlException("An OFX end tag closes no element.");
        }

        // Elements still open inside it (a value left empty) close with it.
        string closed;
        do
        {
            closed = _open.Pop();
            _out.Append("</").Append(closed).Append('>');
        }
        while (closed != name);

        _leaf = null;
    }
}
