using Cashman.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

internal sealed class UserEmailConfiguration : IEntityTypeConfiguration<UserEmail>
{
    public void Configure(EntityTypeBuilder<UserEmail> builder)
    {
        builder.ToTable("user_emails");

        // The database, not a check before insert, guarantees one account per address.
        builder.HasKey(e => e.NormalizedEmail);
        builder.Property(e => e.NormalizedEmail).HasMaxLength(AccountRules.EmailMaxLength);
    }
}
