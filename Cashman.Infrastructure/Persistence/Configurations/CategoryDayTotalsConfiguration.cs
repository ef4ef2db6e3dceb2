using Cashman.Domain.Categories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Maintained by the <c>transactions_track_changes</c> trigger (<c>Persistence/Sql</c>), bulk writes and category merges.
/// No foreign key, as for <c>account_day_totals</c>: rows without a category have the key <see cref="CategoryDayTotals.None"/>.
/// The day leads the key after the owner: reports and budgets read a range of days.
/// </summary>
internal sealed class CategoryDayTotalsConfiguration : IEntityTypeConfiguration<CategoryDayTotals>
{
    public void Configure(EntityTypeBuilder<CategoryDayTotals> builder)
    {
        builder.ToTable("category_day_totals");
        builder.HasKey(t => new { t.UserId, t.Day, t.CategoryKey, t.AccountId });
        builder.Property(t => t.CategoryKey).HasColumnName("category_id");
        builder.Property(t => t.TotalIncome).HasColumnType("numeric");
        builder.Property(t => t.TotalExpenses).HasColumnType("numeric");
        builder.HasIndex(t => new { t.UserId, t.CategoryKey }).HasDatabaseName("ix_category_day_totals_user_id_category_id");
    }
}
