using Cashman.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Maintained by the <c>transactions_track_changes</c> trigger (<c>Persistence/Sql</c>) and bulk writes. No foreign key,
/// as for <c>user_totals</c>: the trigger runs while an erased user's rows are cascade-deleted (the erasure then deletes
/// every owned row), and deleting an account deletes its totals itself.
/// </summary>
internal sealed class AccountDayTotalsConfiguration : IEntityTypeConfiguration<AccountDayTotals>
{
    public void Configure(EntityTypeBuilder<AccountDayTotals> builder)
    {
        builder.ToTable("account_day_totals");
        builder.HasKey(t => new { t.UserId, t.AccountId, t.Day });
        builder.Property(t => t.TotalIncome).HasColumnType("numeric");
        builder.Property(t => t.TotalExpenses).HasColumnType("numeric");
        builder.Property(t => t.TransfersTotal).HasColumnType("numeric");
    }
}
