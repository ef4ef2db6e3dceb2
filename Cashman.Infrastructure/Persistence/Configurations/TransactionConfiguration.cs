using Cashman.Domain.Accounts;
using Cashman.Domain.Categories;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>Table-per-hierarchy: incomes, expenses and transfers share the <c>transactions</c> table.</summary>
internal sealed class TransactionConfiguration : IEntityTypeConfiguration<Transaction>
{
    public const string Discriminator = "type";
    private const string IncomeValue = TransactionKindNames.Income;
    private const string ExpenseValue = TransactionKindNames.Expense;
    private const string TransferValue = TransactionKindNames.Transfer;

    /// <summary>Keeps totals and numbers every change; its function is <c>Persistence/Sql/transactions_track_changes.sql</c>.</summary>
    public const string TrackChangesTrigger = "trg_transactions_track_changes";

    /// <summary>
    /// The indexes on expressions, which EF Core's model cannot hold: created by migration SQL (<c>AddFilterIndexes</c>,
    /// rebuilt by <c>AddSearchIndexes</c>), named here with their definitions as PostgreSQL prints them (<c>pg_indexes</c>) so that this class shows every index of the
    /// table. A schema test checks that the database has exactly the model's indexes and these.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ExpressionIndexes = new Dictionary<string, string>
    {
        // minAmount/maxAmount and sort=amount filter and order on abs(amount); the column is included so that a filtered
        // count is an index-only scan.
        ["ix_transactions_user_id_type_abs_amount"] = "USING btree (user_id, type, abs(amount) DESC, created_at DESC, id DESC) INCLUDE (amount)",
        // category= compares lower(category) with the lowered filter.
        ["ix_transactions_user_id_type_lower_category"] = "USING btree (user_id, type, lower((category)::text)) INCLUDE (category)",
    };

    public void Configure(EntityTypeBuilder<Transaction> builder)
    {
        builder.ToTable("transactions", table =>
        {
            table.HasTrigger(TrackChangesTrigger);
            table.HasCheckConstraint("ck_transactions_type", $"{Discriminator} IN ('{IncomeValue}', '{ExpenseValue}', '{TransferValue}')");
            table.HasCheckConstraint(
                "ck_transactions_amount_sign",
                $"({Discriminator} = '{IncomeValue}' AND amount > 0) OR ({Discriminator} = '{ExpenseValue}' AND amount < 0) OR ({Discriminator} = '{TransferValue}' AND amount > 0)");
            // A transfer has a destination (another account) and what arrives there; nothing else has one.
            table.HasCheckConstraint(
                "ck_transactions_transfer",
                $"({Discriminator} = '{TransferValue}') = (to_account_id IS NOT NULL AND to_amount > 0 AND to_currency IS NOT NULL AND to_account_id <> account_id)"
                + " AND (to_account_id IS NOT NULL OR (to_amount IS NULL AND to_currency IS NULL))");
            table.HasCheckConstraint("ck_transactions_amount_scale", $"scale(amount) <= {Currencies.MaxMinorUnits} AND scale(to_amount) <= {Currencies.MaxMinorUnits}");
        });

        // The owner leads the key: on Citus the table is distributed by it, and every key must contain it.
        builder.HasKey(t => new { t.UserId, t.Id });
        builder.Property(t => t.Id).ValueGeneratedNever();

        builder.HasDiscriminator<string>(Discriminator)
            .HasValue<Income>(IncomeValue)
            .HasValue<Expense>(ExpenseValue)
            .HasValue<Transfer>(TransferValue);
        builder.Property<string>(Discriminator).HasMaxLength(16);

        builder.Property(t => t.Description).HasMaxLength(TransactionRules.DescriptionMaxLength).IsRequired();
        builder.Property(t => t.Category).HasMaxLength(TransactionRules.CategoryMaxLength);
        // numeric without a scale: each amount is stored with exactly its currency's decimals (JPY 500, BHD 5.000), so
        // every read, sum and export gives them back as written.
        builder.Property(t => t.Amount).HasColumnType("numeric");
        builder.Property(t => t.Currency).HasMaxLength(MoneyRules.CurrencyLength).IsRequired();
        builder.Property(t => t.ToAmount).HasColumnType("numeric");
        builder.Property(t => t.ToCurrency).HasMaxLength(MoneyRules.CurrencyLength);
        builder.Property(t => t.OccurredOn);
        builder.Property(t => t.ExternalId).HasMaxLength(TransactionRules.ExternalIdMaxLength);
        builder.Property(t => t.CreatedAt);
        builder.Property(t => t.UpdatedAt);

        // A random value per change, checked by every UPDATE and DELETE; the default covers rows written outside the API.
        builder.Property(t => t.Version).IsConcurrencyToken().HasDefaultValueSql("gen_random_uuid()");

        // Numbered by the trigger on every insert and update, and read back from the same statement.
        builder.Property(t => t.ChangeSeq).HasDefaultValue(0L).ValueGeneratedOnAddOrUpdate();

        // The change that created the row, set by the trigger and never written by EF: webhooks tell created from updated by it.
        var createdSeq = builder.Property<long?>(TransactionRows.CreatedSeq).Metadata;
        createdSeq.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        createdSeq.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);

        builder.Ignore(t => t.Kind);

        // Every row has an owner; deleting an account deletes its transactions.
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);

        // Both accounts are the owner's own; an account that holds transactions is not deleted (the API moves them first).
        builder.HasOne<Account>().WithMany()
            .HasForeignKey(t => new { t.UserId, t.AccountId })
            .HasPrincipalKey(a => new { a.UserId, a.Id })
            .OnDelete(DeleteBehavior.NoAction)
            .HasConstraintName("fk_transactions_accounts_user_id_account_id");
        // The category is the owner's; one in use is not deleted (the API reassigns its rows first).
        builder.HasOne<Category>().WithMany()
            .HasForeignKey(t => new { t.UserId, t.CategoryId })
            .HasPrincipalKey(c => new { c.UserId, c.Id })
            .OnDelete(DeleteBehavior.NoAction)
            .HasConstraintName("fk_transactions_categories_user_id_category_id");
        builder.HasOne<Account>().WithMany()
            .HasForeignKey(t => new { t.UserId, t.ToAccountId })
            .HasPrincipalKey(a => new { a.UserId, a.Id })
            .OnDelete(DeleteBehavior.NoAction)
            .HasConstraintName("fk_transactions_accounts_user_id_to_account_id");

        // Every query filters by owner; lists are ordered newest first by occurred_on, then created_at, then id.
        // The amount is included so that balances over a date range are index-only scans.
        builder.HasIndex(nameof(Transaction.UserId), Discriminator, nameof(Transaction.OccurredOn), nameof(Transaction.CreatedAt), nameof(Transaction.Id))
            .IsDescending(false, false, true, true, true)
            .IncludeProperties(nameof(Transaction.Amount))
            .HasDatabaseName("ix_transactions_user_id_type_occurred_on_created_at_id");
        // One record elsewhere is stored once per user, whatever its kind (several rows without one are fine).
        builder.HasIndex(t => new { t.UserId, t.ExternalId }).IsUnique().HasDatabaseName("ux_transactions_user_id_external_id");
        // The change feed reads a user's rows after a position.
        builder.HasIndex(t => new { t.UserId, t.ChangeSeq }).HasDatabaseName("ix_transactions_user_id_change_seq");
        // ?q= is a case-insensitive substring (ILIKE '%...%'): a trigram GIN index that also holds the owner and the kind.
        builder.HasIndex(nameof(Transaction.UserId), Discriminator, nameof(Transaction.Description))
            .HasMethod("gin")
            .HasOperators("", "", "gin_trgm_ops")
            .HasDatabaseName("ix_transactions_user_id_type_description_trgm");
        builder.HasIndex(t => new { t.UserId, t.OccurredOn, t.CreatedAt, t.Id })
            .IsDescending(false, true, true, true)
            .HasDatabaseName("ix_transactions_user_id_occurred_on_created_at_id");
        // ?accountId= and moving an account's rows: the account, then the list order; transfers in by their destination.
        builder.HasIndex(t => new { t.UserId, t.AccountId, t.OccurredOn, t.CreatedAt, t.Id })
            .IsDescending(false, false, true, true, true)
            .HasDatabaseName("ix_transactions_user_id_account_id_occurred_on_created_at_id");
        // ?categoryId= and renaming or merging a category: its rows in list order.
        builder.HasIndex(t => new { t.UserId, t.CategoryId, t.OccurredOn, t.CreatedAt, t.Id })
            .IsDescending(false, false, true, true, true)
            .HasFilter("category_id IS NOT NULL")
            .HasDatabaseName("ix_transactions_user_id_category_id_occurred_on_created_at_id");
        builder.HasIndex(t => new { t.UserId, t.ToAccountId })
            .HasFilter("to_account_id IS NOT NULL")
            .HasDatabaseName("ix_transactions_user_id_to_account_id");
    }
}
