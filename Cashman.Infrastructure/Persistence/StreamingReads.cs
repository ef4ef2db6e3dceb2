using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// Contexts over the same database whose queries stream row by row. With a retrying execution strategy EF Core reads a
/// whole result set into memory before handing out the first row (so that it could repeat the query); a long export
/// must not, so these contexts have no retrying strategy, and a failure midway ends the read instead of repeating it.
/// </summary>
public sealed class StreamingReads(DbContextOptions<CashmanDbContext> options)
{
    private readonly DbContextOptions<CashmanDbContext> _options = new DbContextOptionsBuilder<CashmanDbContext>(options)
        .UseNpgsql(npgsql => npgsql.ExecutionStrategy(dependencies => new NonRetryingExecutionStrategy(dependencies)))
        .Options;

    /// <summary>A new context; the caller disposes it.</summary>
    public CashmanDbContext Open() => new(_options);
}
