using Cashman.Domain.Accounts;
using Cashman.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>Accounts; <c>transactions_total</c> and <c>transaction_count</c> are kept by the transactions trigger only.</summary>
internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts", table =>
            table.HasCheckConstraint("ck_accounts_kind", "kind IN ('checking', 'savings', 'credit', 'cash', 'investment', 'other')"));
        builder.HasKey(a => new { a.UserId, a.Id });
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(MoneyRules.AccountNameMaxLength).IsRequired();
        builder.Property(a => a.NormalizedName).HasMaxLength(MoneyRules.AccountNameMaxLength).IsRequired();
        builder.Property(a => a.Kind).HasMaxLength(MoneyRules.AccountKindMaxLength)
            .HasConversion(k => MoneyRules.KindName(k), s => MoneyRules.ParseKind(s)!.Value);
        builder.Property(a => a.Currency).HasMaxLength(MoneyRules.CurrencyLength).IsFixedLength(false).IsRequired();
        builder.Property(a => a.Number).HasMaxLength(MoneyRules.AccountNumberMaxLength);
        builder.Property(a => a.OpeningBalance).HasColumnType("numeric");
        builder.Property(a => a.Version).IsConcurrencyToken().HasDefaultValueSql("gen_random_uuid()");
        foreach (var kept in new[] { nameof(Account.TransactionsTotal), nameof(Account.TransactionCount) })
        {
            // Never written by the application: the trigger on transactions adds every write to them.
            var property = builder.Property(kept);
            property.HasDefaultValue(kept == nameof(Account.TransactionCount) ? 0L : 0m).ValueGeneratedOnAddOrUpdate();
            property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }

        builder.Property(a => a.TransactionsTotal).HasColumnType("numeric");
        builder.Ignore(a => a.Balance);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.UserId, a.NormalizedName }).IsUnique().HasDatabaseName("ux_accounts_user_id_normalized_name");
        builder.HasIndex(a => new { a.UserId, a.Number }).IsUnique().HasDatabaseName("ux_accounts_user_id_number");
    }
}
