using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>Maintained by the <c>transactions_track_changes</c> trigger (<c>Persistence/Sql</c>).</summary>
internal sealed class MonthTotalsConfiguration : IEntityTypeConfiguration<MonthTotals>
{
    public void Configure(EntityTypeBuilder<MonthTotals> builder)
    {
        builder.ToTable("user_month_totals");
        builder.HasKey(t => new { t.UserId, t.Month });
        builder.Property(t => t.TotalIncome).HasPrecision(UserTotalsConfiguration.SumPrecision, TransactionRules.AmountScale);
        builder.Property(t => t.TotalExpenses).HasPrecision(UserTotalsConfiguration.SumPrecision, TransactionRules.AmountScale);
    }
}
