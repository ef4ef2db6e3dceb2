using Cashman.Domain.Accounts;
using Cashman.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>The operator's rates, shared by every user: no owner, so a reference table on Citus.</summary>
internal sealed class SharedRateConfiguration : IEntityTypeConfiguration<SharedRate>
{
    public void Configure(EntityTypeBuilder<SharedRate> builder)
    {
        builder.ToTable("shared_rates", t => t.HasCheckConstraint("ck_shared_rates_rate", "rate > 0"));

        // A conversion reads one pair's latest rate on or before a day.
        builder.HasKey(r => new { r.Base, r.Quote, r.Day });
        builder.Property(r => r.Base).HasMaxLength(MoneyRules.CurrencyLength);
        builder.Property(r => r.Quote).HasMaxLength(MoneyRules.CurrencyLength);
        builder.Property(r => r.Rate).HasColumnType("numeric");
    }
}

/// <summary>A user's own rates, distributed with the user's other rows.</summary>
internal sealed class UserRateConfiguration : IEntityTypeConfiguration<UserRate>
{
    public void Configure(EntityTypeBuilder<UserRate> builder)
    {
        builder.ToTable("user_rates", t => t.HasCheckConstraint("ck_user_rates_rate", "rate > 0"));
        builder.HasKey(r => new { r.UserId, r.Base, r.Quote, r.Day });
        builder.Property(r => r.Base).HasMaxLength(MoneyRules.CurrencyLength);
        builder.Property(r => r.Quote).HasMaxLength(MoneyRules.CurrencyLength);
        builder.Property(r => r.Value).HasColumnName("rate").HasColumnType("numeric");
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
