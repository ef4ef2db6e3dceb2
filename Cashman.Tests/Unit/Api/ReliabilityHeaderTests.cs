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

    private static readonly Guid Stored = Guid.Parse("0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b");

    [TestCase("*")]
    [TestCase("\"0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b\"")]
    [TestCase("\"00000000000000000000000000000001\", \"0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b\"")]
    [TestCase("W/\"0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b\", \"0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b\"")]
    public void IfMatchIsSatisfiedByAListedStrongTagOrStar(string header) =>
        Assert.DoesNotThrow(() => IfMatch.Parse(header)!.Check(Stored));

    [TestCase("\"0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7c\"")]
    [TestCase("W/\"0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b\"")]
    [TestCase("\"0f8e3c2a-9b7d-4e6f-8a1b-2c3d4e5f6a7b\"")]
    [TestCase("\"seven\"")]
    [TestCase("\"7\"")]
    public void IfMatchWithoutTheStoredVersionFailsThePrecondition(string header) =>
        Assert.Throws<PreconditionFailedException>(() => IfMatch.Parse(header)!.Check(Stored));

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
