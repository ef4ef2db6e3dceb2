using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Maintained by the <c>transactions_track_changes</c> trigger (<c>Persistence/Sql</c>).
/// No foreign key to users: the trigger may run while an account's rows are being cascade-deleted.
/// </summary>
internal sealed class UserTotalsConfiguration : IEntityTypeConfiguration<UserTotals>
{
    public void Configure(EntityTypeBuilder<UserTotals> builder)
    {
        builder.ToTable("user_totals");
        builder.HasKey(t => t.UserId);
        builder.Property(t => t.UserId).ValueGeneratedNever();
    }
}
