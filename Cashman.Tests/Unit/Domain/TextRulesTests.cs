using System.Text.RegularExpressions;
using Cashman.Domain.Common;

namespace Cashman.Tests.Unit.Domain;

public sealed class TextRulesTests
{
    private static readonly IEnumerable<char> Controls = Enumerable.Range(0, 0x20).Select(c => (char)c).Append('\u007f');

    [Test]
    public void EveryControlCharacterIsFoundAnywhereInTheText()
    {
        foreach (var control in Controls)
        {
            Assert.That(TextRules.HasControlCharacter($"ab{control}cd"), Is.True, $"U+{(int)control:X4}");
            Assert.That(Regex.IsMatch($"ab{control}cd", TextRules.NoControlCharactersPattern), Is.False, "the documented pattern says the same");
        }
    }

    [TestCase("")]
    [TestCase("Café «crème» ☕")]
    [TestCase("\u0080\u00a0 non-breaking")]
    [TestCase(null)]
    public void TextWithoutControlCharactersPasses(string? text)
    {
        Assert.That(TextRules.HasControlCharacter(text), Is.False);
        Assert.That(() => TextRules.RejectControlCharacters(text, "name"), Throws.Nothing);
    }

    [Test]
    public void RejectingNamesTheField() =>
        Assert.That(
            () => TextRules.RejectControlCharacters("a\u0000", "email"),
            Throws.TypeOf<DomainValidationException>().With.Property(nameof(DomainValidationException.Errors)).ContainKey("email"));
}
