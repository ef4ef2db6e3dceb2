using System.Xml;
using System.Xml.Linq;
using Cashman.Api.Http;
using Cashman.Api.Imports;

namespace Cashman.Tests.Unit.Api;

/// <summary>How amounts in bank files are read, and how OFX 1.x SGML becomes XML.</summary>
public sealed class StatementTextTests
{
    [TestCase("1234.56", '.', "1234.56", null)]
    [TestCase("+7", '.', "7", null)]
    [TestCase("-$5.00", '.', "-5.00", null)]
    [TestCase("$ -5.00", '.', "-5.00", null)]
    [TestCase("(1,250.00)", '.', "-1250.00", null)]
    [TestCase("( 12.00 )", '.', "-12.00", null)]
    [TestCase("EUR 12.00", '.', "12.00", "EUR")]
    [TestCase("-12,00 EUR", ',', "-12.00", "EUR")]
    [TestCase("CHF-9'413.94", '.', "-9413.94", "CHF")]
    [TestCase("9’413.94", '.', "9413.94", null)]
    [TestCase("1 718,70 €", ',', "1718.70", null)]
    [TestCase("£1.50", '.', "1.50", null)]
    [TestCase("\u00a05.00\u00a0", '.', "5.00", null)]
    public void AStatementAmountIsReadExactlyWithTheCurrencyCodeWrittenBesideIt(string text, char separator, string value, string? currency)
    {
        var amount = AmountText.ParseStatement(text, separator);
        Assert.That(amount, Is.EqualTo(new StatementAmount(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), currency)));
    }

    [TestCase("", '.')]
    [TestCase("()", '.')]
    [TestCase("-(5)", '.')]
    [TestCase("--5", '.')]
    [TestCase("5-", '.')]
    [TestCase("$5$", '.')]
    [TestCase("EUR5 USD", '.')]
    [TestCase("XYZ 5", '.')]
    [TestCase("EURO 5", '.')]
    [TestCase("1 2345.00", '.')]
    [TestCase("1,234 567", '.')]
    [TestCase("1,50", '.')]
    [TestCase("1.50", ',')]
    [TestCase("1.5.0", '.')]
    public void AnythingElseIsNotAStatementAmount(string text, char separator) =>
        Assert.That(AmountText.ParseStatement(text, separator), Is.Null);

    [Test]
    public void AStatementAmountWithMoreDecimalsThanAnyCurrencyIsAnError() =>
        Assert.Throws<InvalidAmountException>(() => AmountText.ParseStatement("$0.000001", '.'));

    [Test]
    public void SgmlValuesGetTheirEndTagsAndLinesStayWhereTheyWere()
    {
        const string sgml = "<OFX>\r\n<STATUS>\r\n<CODE>0\r\n<SEVERITY>INFO\r\n</STATUS>\r\n<NAME>A &amp; B <MEMO>x</MEMO>\r\n<EMPTY></EMPTY>\r\n</OFX>\r\n";
        var xml = StatementXml.FromSgml(sgml);
        Assert.That(xml.Split('\n'), Has.Length.EqualTo(sgml.Split('\n').Length));
        var document = XDocument.Parse(xml);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(document.Root!.Element("STATUS")!.Element("CODE")!.Value, Is.EqualTo("0"));
            Assert.That(document.Root.Element("NAME")!.Value, Is.EqualTo("A & B"));
            Assert.That(document.Root.Element("MEMO")!.Value, Is.EqualTo("x"));
            Assert.That(document.Root.Element("EMPTY")!.Value, Is.Empty);
        }
    }

    [Test]
    public void AnElementLeftOpenInsideAnAggregateClosesWithIt()
    {
        var document = XDocument.Parse(StatementXml.FromSgml("<A>\n<B>\n<C>\n</A>"));
        Assert.That(document.Root!.Element("B")!.Element("C"), Is.Not.Null);
    }

    [Test]
    public void Windows1252ReadsEveryDefinedByteBothWaysAndRefusesItsFiveUndefinedOnes()
    {
        var encoding = StatementBody.Strict("windows-1252");
        const string text = "Caf\u00e9 \u20ac \u2013 \u0160";
        Assert.That(encoding.GetString(encoding.GetBytes(text)), Is.EqualTo(text));
        Assert.That(encoding.GetMaxCharCount(10), Is.GreaterThanOrEqualTo(10));
        Assert.That(encoding.GetMaxByteCount(10), Is.GreaterThanOrEqualTo(10));
        foreach (var undefined in new byte[] { 0x81, 0x8D, 0x8F, 0x90, 0x9D })
        {
            byte[] bytes = [(byte)'a', undefined];
            Assert.Throws<System.Text.DecoderFallbackException>(() => encoding.GetString(bytes));
            var chars = new char[4];
            Assert.Throws<System.Text.DecoderFallbackException>(() => encoding.GetDecoder().GetChars(bytes, 0, 2, chars, 0));
        }

        Assert.That(encoding.GetDecoder().GetChars([0x80], 0, 1, new char[2], 0), Is.EqualTo(1), "0x80 is the euro sign");
    }

    [TestCase("us-ascii")]
    [TestCase("utf-32")]
    [TestCase("not-a-charset")]
    public void ACharsetAnImportDoesNotReadIsA415(string charset) =>
        Assert.That(Assert.Throws<Microsoft.AspNetCore.Http.BadHttpRequestException>(() => StatementBody.Strict(charset))!.StatusCode, Is.EqualTo(415));

    [TestCase("<A>1</B>")]
    [TestCase("value<A>")]
    [TestCase("<A><B>1")]
    [TestCase("</A>")]
    public void BrokenSgmlIsAnXmlError(string sgml) =>
        Assert.Throws<XmlException>(() => StatementXml.FromSgml(sgml));
}
