using Cashman.Api.Users;
using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cashman.Tests.Unit.Security;

public sealed class AccountRulesTests
{
    [TestCase("ada@example.com")]
    [TestCase("ada.lovelace+cashman@mail.example.co.uk")]
    public void PlainAddressesAreAccepted(string email) =>
        Assert.That(AccountRules.ValidateEmail(email), Is.EqualTo(email));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("ada")]
    [TestCase("ada@localhost")]
    [TestCase("Ada <ada@example.com>")]
    [TestCase("ada@exa mple.com")]
    public void OtherEmailsAreRejected(string? email)
    {
        var exception = Assert.Throws<DomainValidationException>(() => AccountRules.ValidateEmail(email));
        Assert.That(exception!.Errors.Keys, Is.EquivalentTo(new[] { "email" }));
    }

    [Test]
    public void EmailLongerThan254CharactersIsRejected() =>
        Assert.Throws<DomainValidationException>(() => AccountRules.ValidateEmail(new string('a', 250) + "@example.com"));

    [Test]
    public void EmailsAreComparedCaseInsensitively() =>
        Assert.That(AccountRules.NormalizeEmail("Ada@Example.COM"), Is.EqualTo(AccountRules.NormalizeEmail("ada@example.com")));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("1234567")]
    public void PasswordsUnderEightCharactersAreRejected(string? password) =>
        Assert.That(Assert.Throws<DomainValidationException>(() => AccountRules.ValidatePassword(password))!.Errors.Keys, Is.EquivalentTo(new[] { "password" }));

    [Test]
    public void AbsurdlyLongPasswordsAreRejectedBeforeHashing() =>
        Assert.Throws<DomainValidationException>(() => AccountRules.ValidatePassword(new string('p', 1025)));

    [Test]
    public void UserKeepsTheTrimmedEmailAndItsNormalizedForm()
    {
        var user = new User(Guid.CreateVersion7(), "  Ada@Example.com ", DateTimeOffset.UnixEpoch);
        Assert.That(user.Email, Is.EqualTo("Ada@Example.com"));
        Assert.That(user.NormalizedEmail, Is.EqualTo("ADA@EXAMPLE.COM"));
    }

    [Test]
    public void PasswordsAreHashedWith210000Pbkdf2Iterations()
    {
        var services = new ServiceCollection();
        services.AddCashmanAuthentication();
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.IterationCount, Is.EqualTo(210_000));
        Assert.That(provider.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.CompatibilityMode, Is.EqualTo(PasswordHasherCompatibilityMode.IdentityV3));
    }

    [Test]
    public void UnknownEmailsAreCheckedAgainstADecoyHashOfTheSameCostAsRealHashes()
    {
        var services = new ServiceCollection();
        services.AddCashmanAuthentication();
        using var provider = services.BuildServiceProvider();
        var hasher = provider.GetRequiredService<IPasswordHasher<User>>();
        var decoy = provider.GetRequiredService<DecoyPasswordHash>().Value;
        var real = hasher.HashPassword(new User(Guid.CreateVersion7(), "ada@example.com", DateTimeOffset.UnixEpoch), "long-enough");

        // Identity v3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt size, salt, subkey.
        static int Iterations(string hash) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));
        Assert.That(Iterations(decoy), Is.EqualTo(210_000));
        Assert.That(Iterations(decoy), Is.EqualTo(Iterations(real)));
        Assert.That(provider.GetRequiredService<DecoyPasswordHash>().Value, Is.SameAs(decoy));
    }

    [Test]
    public void SecretsAreRandomAndHashedWithSha256()
    {
        var owner = Guid.CreateVersion7();
        var a = SecretGenerator.NewRefreshToken(owner);
        var b = SecretGenerator.NewRefreshToken(owner);
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a, Has.Length.EqualTo(64));
        Assert.That(SecretGenerator.Hash("abc"), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Assert.That(SecretGenerator.NewApiKey(owner), Does.StartWith("cm_").And.Length.EqualTo(67));
    }

    [Test]
    public void NewSecretsNameTheirOwner()
    {
        var owner = Guid.CreateVersion7();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SecretGenerator.TryReadOwner(SecretGenerator.NewRefreshToken(owner), out var tokenOwner), Is.True);
            Assert.That(tokenOwner, Is.EqualTo(owner));
            Assert.That(SecretGenerator.TryReadOwner(SecretGenerator.NewApiKey(owner), out var keyOwner), Is.True);
            Assert.That(keyOwner, Is.EqualTo(owner));
        }
    }

    [TestCase("Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE")] // 32 bytes: issued before secrets named their owner
    [TestCase("cm_Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE")]
    [TestCase("")]
    [TestCase("cm_")]
    [TestCase("not base64url at all, not at all, not at all, not at all, not at")] // 64 characters, not base64url
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // names the empty id
    public void SecretsWithoutAnOwnerNameNone(string secret)
    {
        Assert.That(SecretGenerator.TryReadOwner(secret, out var owner), Is.False);
        Assert.That(owner, Is.EqualTo(Guid.Empty));
    }
}
