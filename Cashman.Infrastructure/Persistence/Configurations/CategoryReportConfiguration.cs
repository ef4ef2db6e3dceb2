using Cashman.Domain.Categories;
using Cashman.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Kept by category reports themselves (<c>Cashman.Api/Categories/CategoryTotals</c>), never by writes: a write only
/// numbers the day totals it changes. No foreign keys, as for the day totals: the erasure deletes every owned row.
/// </summary>
internal sealed class CategoryReportStateConfiguration : IEntityTypeConfiguration<CategoryReportState>
{
    public void Configure(EntityTypeBuilder<CategoryReportState> builder)
    {
        builder.ToTable("category_report_states");
        builder.HasKey(s => new { s.UserId, s.Currency });
        builder.Property(s => s.Currency).HasMaxLength(MoneyRules.CurrencyLength);
    }
}

/// <inheritdoc cref="CategoryReportStateConfiguration"/>
internal sealed class CategoryReportTotalsConfiguration : IEntityTypeConfiguration<CategoryReportTotals>
{
    public void Configure(EntityTypeBuilder<CategoryReportTotals> builder)
    {
        builder.ToTable("category_report_totals");
        builder.HasKey(t => new { t.UserId, t.Currency, t.AccountId, t.Month, t.CategoryKey });
        builder.Property(t => t.Currency).HasMaxLength(MoneyRules.CurrencyLength);
        builder.Property(t => t.CategoryKey).HasColumnName("category_id");
        builder.Property(t => t.Income).HasColumnType("numeric");
        builder.Property(t => t.Expenses).HasColumnType("numeric");
        builder.Property(t => t.ConvertedIncome).HasColumnType("numeric");
        builder.Property(t => t.ConvertedExpenses).HasColumnType("numeric");
    }
}
