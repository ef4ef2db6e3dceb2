using Cashman.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Email).HasMaxLength(AccountRules.EmailMaxLength).IsRequired();
        builder.Property(u => u.NormalizedEmail).HasMaxLength(AccountRules.EmailMaxLength).IsRequired();
        builder.Property(u => u.PasswordHash).IsRequired();

        // The database, not a check before insert, guarantees one account per address.
        builder.HasIndex(u => u.NormalizedEmail).IsUnique().HasDatabaseName(UniqueEmailIndex);
    }

    public const string UniqueEmailIndex = "ux_users_normalized_email";
}
