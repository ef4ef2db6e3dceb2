using Cashman.Domain.Accounts;
using Cashman.Domain.Categories;
using Cashman.Domain.Imports;
using Cashman.Domain.Money;
using Cashman.Domain.Recurring;
using Cashman.Domain.Transactions;
using Cashman.Domain.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// The unit of work and query root; there is deliberately no repository layer over it. It also keeps ASP.NET Core's
/// data-protection keys (the web client's cookies and antiforgery tokens), so that every replica reads what any wrote.
/// </summary>
public sealed class CashmanDbContext(DbContextOptions<CashmanDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Transaction> Transactions => Set<Transaction>();

    public DbSet<Income> Incomes => Set<Income>();

    public DbSet<Expense> Expenses => Set<Expense>();

    public DbSet<UserTotals> UserTotals => Set<UserTotals>();

    public DbSet<Transfer> Transfers => Set<Transfer>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<UserSettings> UserSettings => Set<UserSettings>();

    public DbSet<AccountDayTotals> AccountDayTotals => Set<AccountDayTotals>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Budget> Budgets => Set<Budget>();

    public DbSet<CategoryDayTotals> CategoryDayTotals => Set<CategoryDayTotals>();

    public DbSet<CategoryReportState> CategoryReportStates => Set<CategoryReportState>();

    public DbSet<CategoryReportTotals> CategoryReportTotals => Set<CategoryReportTotals>();

    public DbSet<RecurringTransaction> RecurringTransactions => Set<RecurringTransaction>();

    public DbSet<RecurringOccurrence> RecurringOccurrences => Set<RecurringOccurrence>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<ImportProfile> ImportProfiles => Set<ImportProfile>();

    public DbSet<SharedRate> SharedRates => Set<SharedRate>();

    public DbSet<UserRate> UserRates => Set<UserRate>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<DeletedTransaction> DeletedTransactions => Set<DeletedTransaction>();

    public DbSet<UserEmail> UserEmails => Set<UserEmail>();

    public DbSet<LegacyCredential> LegacyCredentials => Set<LegacyCredential>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        // Trigram search (pg_trgm) with the owner and the kind in the same GIN index (btree_gin); both ship with PostgreSQL.
        modelBuilder.HasPostgresExtension("pg_trgm").HasPostgresExtension("btree_gin");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CashmanDbContext).Assembly);
    }
}
