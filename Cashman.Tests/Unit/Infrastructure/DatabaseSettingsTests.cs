using Cashman.Infrastructure;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cashman.Tests.Unit.Infrastructure;

public sealed class DatabaseSettingsTests
{
    [Test]
    public void ConnectionsGetTheConfiguredTimeoutsWhenTheConnectionStringSetsNone()
    {
        var connection = ConnectionStringFor(new DatabaseOptions { ConnectionString = "Host=db;Database=cashman", ConnectTimeoutSeconds = 4, CommandTimeoutSeconds = 12 });
        Assert.That(connection.Timeout, Is.EqualTo(4));
        Assert.That(connection.CommandTimeout, Is.EqualTo(12));
    }

    [Test]
    public void TimeoutsInTheConnectionStringWin()
    {
        var connection = ConnectionStringFor(new DatabaseOptions { ConnectionString = "Host=db;Database=cashman;timeout=9;COMMAND TIMEOUT=60" });
        Assert.That(connection.Timeout, Is.EqualTo(9));
        Assert.That(connection.CommandTimeout, Is.EqualTo(60));
    }

    [Test]
    public void DatabaseCallsGoThroughARetryingExecutionStrategy()
    {
        using var db = new CashmanDbContext(Build(new DatabaseOptions { ConnectionString = "Host=db;Database=cashman" }).Options);
        var strategy = db.Database.CreateExecutionStrategy();
        Assert.That(strategy.RetriesOnFailure, Is.True);
        Assert.That(strategy, Is.InstanceOf<ExecutionStrategy>());
    }

    private static NpgsqlConnectionStringBuilder ConnectionStringFor(DatabaseOptions options) =>
        new(RelationalOptionsExtension.Extract(Build(options).Options).ConnectionString);

    private static DbContextOptionsBuilder<CashmanDbContext> Build(DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<CashmanDbContext>();
        builder.UseCashmanNpgsql(options);
        return builder;
    }
}
