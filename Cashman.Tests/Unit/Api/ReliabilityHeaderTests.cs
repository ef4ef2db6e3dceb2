using Cashman.Api.ErrorHandling;
using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Domain.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cashman.Tests.Unit.Api;

public sealed class ReliabilityHeaderTests
{
    [Test]
    public void AbsentIfMatchIsNoCondition() => Assert.That(IfMatch.Parse(default), Is.Null);

    [TestCase("*", 7u)]
    [TestCase("\"7\"", 7u)]
    [TestCase("\"1\", \"7\"", 7u)]
    [TestCase("W/\"3\", \"7\"", 7u)]
    public void IfMatchIsSatisfiedByAListedStrongTagOrStar(string header, uint version) =>
        Assert.DoesNotThrow(() => IfMatch.Parse(header)!.Check(version));

    [TestCase("\"6\"")]
    [TestCase("W/\"7\"")]
    [TestCase("\"seven\"")]
    [TestCase("\"-7\"")]
    [TestCase("\"4294967296\"")]
    public void IfMatchWithoutTheStoredVersionFailsThePrecondition(string header) =>
        Assert.Throws<PreconditionFailedException>(() => IfMatch.Parse(header)!.Check(7));

    [TestCase("7")]
    [TestCase("\"7")]
    [TestCase("W/7")]
    [TestCase("\"7\";\"8\"")]
    [TestCase(",")]
    public void MalformedIfMatchIsAValidationErrorNamingTheHeader(string header)
    {
        var error = Assert.Throws<DomainValidationException>(() => IfMatch.Parse(header));
        Assert.That(error!.Errors.Keys, Is.EquivalentTo(new[] { "If-Match" }));
    }

    [TestCase("abc", "abc")]
    [TestCase("\"abc\"", "abc")]
    [TestCase("\"", "\"")]
    [TestCase("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    public void IdempotencyKeyIsTakenBareOrUnquoted(string header, string key) =>
        Assert.That(IdempotencyKey.Parse(header), Is.EqualTo(key));

    [TestCase("")]
    [TestCase("\"\"")]
    [TestCase("with space")]
    [TestCase("tab\tbed")]
    [TestCase("caf\u00e9")]
    public void IdempotencyKeyMustBeVisibleAscii(string header)
    {
        var error = Assert.Throws<DomainValidationException>(() => IdempotencyKey.Parse(header));
        Assert.That(error!.Errors.Keys, Is.EquivalentTo(new[] { "Idempotency-Key" }));
    }

    [Test]
    public void IdempotencyKeyIsAtMost255Characters()
    {
        Assert.That(IdempotencyKey.Parse(new string('k', 255)), Has.Length.EqualTo(255));
        Assert.Throws<DomainValidationException>(() => IdempotencyKey.Parse(new string('k', 256)));
        Assert.That(IdempotencyKey.Parse("\"" + new string('k', 255) + "\""), Has.Length.EqualTo(255));
    }

    [Test]
    public void ExhaustedRetriesAndTransientConnectionErrorsMeanTheDatabaseIsUnavailable()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DatabaseUnavailable.Is(new RetryLimitExceededException("retries", new NpgsqlException("down"))), Is.True);
            Assert.That(DatabaseUnavailable.Is(new InvalidOperationException("wrapped", new NpgsqlException("refused", new System.Net.Sockets.SocketException(111)))), Is.True);
            Assert.That(DatabaseUnavailable.Is(new PostgresException("shutting down", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)), Is.True);
        }
    }

    [Test]
    public void BugsAndPermanentDatabaseErrorsAreNotUnavailability()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DatabaseUnavailable.Is(new InvalidOperationException("bug")), Is.False);
            Assert.That(DatabaseUnavailable.Is(new PostgresException("duplicate", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)), Is.False);
            Assert.That(DatabaseUnavailable.Is(new PostgresException("no such table", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable)), Is.False);
        }
    }
}
