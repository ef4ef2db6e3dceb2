using Cashman.Domain.Accounts;
using Cashman.Domain.Categories;
using Cashman.Domain.Money;
using Cashman.Domain.Recurring;
using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Recurring transactions, keyed by owner. The background posting finds due ones across users by
/// <c>next_due_at</c>, through an index that holds only the rules that post by themselves.
/// </summary>
internal sealed class RecurringTransactionConfiguration : IEntityTypeConfiguration<RecurringTransaction>
{
    public void Configure(EntityTypeBuilder<RecurringTransaction> builder)
    {
        builder.ToTable("recurring_transactions", table =>
        {
            table.HasCheckConstraint("ck_recurring_transactions_kind", "kind IN ('income', 'expense', 'transfer')");
            table.HasCheckConstraint("ck_recurring_transactions_ends_on", "ends_on IS NULL OR ends_on >= starts_on");
        });
        builder.HasKey(r => new { r.UserId, r.Id }).HasName("pk_recurring_transactions");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasMaxLength(16)
            .HasConversion(k => TransactionKindNames.Of(k), s => TransactionKindNames.Parse(s)!.Value);
        builder.Property(r => r.Currency).HasMaxLength(MoneyRules.CurrencyLength).IsRequired();
        builder.Property(r => r.Amount).HasColumnType("numeric");
        builder.Property(r => r.Description).HasMaxLength(TransactionRules.DescriptionMaxLength).IsRequired();
        builder.Property(r => r.ToAmount).HasColumnType("numeric");
        builder.Property(r => r.ToCurrency).HasMaxLength(MoneyRules.CurrencyLength);
        builder.Property(r => r.Rule).HasMaxLength(RecurrenceRule.MaxLength).IsRequired();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany()
            .HasForeignKey(r => new { r.UserId, r.AccountId })
            .HasPrincipalKey(a => new { a.UserId, a.Id })
            .OnDelete(DeleteBehavior.NoAction)
            .HasConstraintName("fk_recurring_transactions_accounts_user_id_account_id");
        builder.HasOne<Account>().WithMany()
            .HasForeignKey(r => new { r.UserId, r.ToAccountId })
            .HasPrincipalKey(a => new { a.UserId, a.Id })
            .OnDelete(DeleteBehavior.NoAction)
            .HasConstraintName("fk_recurring_transactions_accounts_user_id_to_account_id");
        // A merge moves rules to the receiving category and a deletion with reassignTo=none clears theirs, first.
        builder.HasOne<Category>().WithMany()
            .HasForeignKey(r => new { r.UserId, r.CategoryId })
            .HasPrincipalKey(c => new { c.UserId, c.Id })
            .OnDelete(DeleteBehavior.NoAction)
            .HasConstraintName("fk_recurring_transactions_categories_user_id_category_id");

        // The background posting's search across users: only rules that post by themselves have a due instant.
        builder.HasIndex(r => r.NextDueAt).HasFilter("next_due_at IS NOT NULL").HasDatabaseName("ix_recurring_transactions_next_due_at");
        builder.HasIndex(r => new { r.UserId, r.AccountId }).HasDatabaseName("ix_recurring_transactions_user_id_account_id");
        builder.HasIndex(r => new { r.UserId, r.ToAccountId }).HasFilter("to_account_id IS NOT NULL").HasDatabaseName("ix_recurring_transactions_user_id_to_account_id");
        builder.HasIndex(r => new { r.UserId, r.CategoryId }).HasFilter("category_id IS NOT NULL").HasDatabaseName("ix_recurring_transactions_user_id_category_id");
    }
}

/// <summary>What is recorded of a rule's days (posted, skipped, overridden); deleting the rule deletes them.</summary>
internal sealed class RecurringOccurrenceConfiguration : IEntityTypeConfiguration<RecurringOccurrence>
{
    public void Configure(EntityTypeBuilder<RecurringOccurrence> builder)
    {
        builder.ToTable("recurring_occurrences");
        builder.HasKey(o => new { o.UserId, o.RecurringId, o.Day });
        builder.Property(o => o.Amount).HasColumnType("numeric");
        builder.Property(o => o.Description).HasMaxLength(TransactionRules.DescriptionMaxLength);
        builder.Ignore(o => o.Record);
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RecurringTransaction>().WithMany()
            .HasForeignKey(o => new { o.UserId, o.RecurringId })
            .HasPrincipalKey(r => new { r.UserId, r.Id })
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_recurring_occurrences_recurring_transactions_user_id_recurring_id");
    }
}
