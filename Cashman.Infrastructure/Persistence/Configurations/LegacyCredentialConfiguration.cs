using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

internal sealed class LegacyCredentialConfiguration : IEntityTypeConfiguration<LegacyCredential>
{
    public void Configure(EntityTypeBuilder<LegacyCredential> builder)
    {
        builder.ToTable("legacy_credentials");
        builder.HasKey(c => c.SecretHash);
        builder.Property(c => c.SecretHash).HasMaxLength(64);

        // Erasing an account deletes its rows by owner.
        builder.HasIndex(c => c.UserId);
    }
}
