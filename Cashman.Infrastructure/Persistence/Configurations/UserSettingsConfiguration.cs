using Cashman.Domain.Accounts;
using Cashman.Domain.Money;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

internal sealed class UserSettingsConfiguration : IEntityTypeConfiguration<UserSettings>
{
    public void Configure(EntityTypeBuilder<UserSettings> builder)
    {
        builder.ToTable("user_settings");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.UserId).ValueGeneratedNever();
        builder.Property(s => s.BaseCurrency).HasMaxLength(MoneyRules.CurrencyLength).IsRequired();
        builder.Property(s => s.TimeZone).HasMaxLength(MoneyRules.TimeZoneMaxLength).IsRequired();
        builder.HasOne<User>().WithOne().HasForeignKey<UserSettings>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);

        // The default account is one of the user's own (the owner is in the key, as on every user-owned table).
        builder.HasOne<Account>().WithMany()
            .HasForeignKey(s => new { s.UserId, s.DefaultAccountId })
            .HasPrincipalKey(a => new { a.UserId, a.Id })
            .OnDelete(DeleteBehavior.NoAction);
    }
}
