using Cashman.Domain.Accounts;
using Cashman.Domain.Categories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>One budget per user, month and category; deleting a category deletes its budgets (a merge moves them first).</summary>
internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> builder)
    {
        builder.ToTable("budgets", table => table.HasCheckConstraint("ck_budgets_amount", "amount >= 0 AND extract(day FROM month) = 1"));
        builder.HasKey(b => new { b.UserId, b.Month, b.CategoryId });
        builder.Property(b => b.Amount).HasColumnType("numeric");
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Category>().WithMany()
            .HasForeignKey(b => new { b.UserId, b.CategoryId })
            .HasPrincipalKey(c => new { c.UserId, c.Id })
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_budgets_categories_user_id_category_id");
        builder.HasIndex(b => new { b.UserId, b.CategoryId }).HasDatabaseName("ix_budgets_user_id_category_id");
    }
}
