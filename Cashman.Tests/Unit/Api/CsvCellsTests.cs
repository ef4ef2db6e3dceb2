using Cashman.Api.Http;
using Cashman.Api.Sync;

namespace Cashman.Tests.Unit.Api;

/// <summary>OWASP CSV injection: what the export writes and what reading Cashman's own export gives back.</summary>
public sealed class CsvCellsTests
{
    [TestCase("=1+1", "'=1+1")]
    [TestCase("+1", "'+1")]
    [TestCase("-1", "'-1")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("\tx", "'\tx")]
    [TestCase("\rx", "'\rx")]
    [TestCase("'=x", "''=x")]
    [TestCase("''-x", "'''-x")]
    [TestCase("'plain", "'plain")]
    [TestCase("plain", "plain")]
    [TestCase("a=b", "a=b")]
    [TestCase("", "")]
    [TestCase("'", "'")]
    [TestCase(null, null)]
    public void TextThatStartsLikeAFormulaIsWrittenBehindAQuoteAndReadBackExactly(string? text, string? written)
    {
        Assert.That(CsvCells.Protect(text), Is.EqualTo(written));
        Assert.That(CsvCells.Unprotect(CsvCells.Protect(text)), Is.EqualTo(text));
    }
}
