using Cashman.Domain.Accounts;
using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>The unit of work and query root; there is deliberately no repository layer over it.</summary>
public sealed class CashmanDbContext(DbContextOptions<CashmanDbContext> options) : DbContext(options)
{
    public DbSet<Transaction> Transactions => Set<Transaction>();

    public DbSet<Income> Incomes => Set<Income>();

    public DbSet<Expense> Expenses => Set<Expense>();

    public DbSet<UserTotals> UserTotals => Set<UserTotals>();

    public DbSet<MonthTotals> MonthTotals => Set<MonthTotals>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<DeletedTransaction> DeletedTransactions => Set<DeletedTransaction>();

    public DbSet<UserEmail> UserEmails => Set<UserEmail>();

    public DbSet<LegacyCredential> LegacyCredentials => Set<LegacyCredential>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        // Trigram search (pg_trgm) with the owner and the kind in the same GIN index (btree_gin); both ship with PostgreSQL.
        modelBuilder.HasPostgresExtension("pg_trgm").HasPostgresExtension("btree_gin");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CashmanDbContext).Assembly);
    }
}
