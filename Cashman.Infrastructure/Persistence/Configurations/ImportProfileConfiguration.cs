using Cashman.Domain.Accounts;
using Cashman.Domain.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>Import profiles, keyed by owner and lower-case name; the mapping is the JSON the API wrote.</summary>
internal sealed class ImportProfileConfiguration : IEntityTypeConfiguration<ImportProfile>
{
    public void Configure(EntityTypeBuilder<ImportProfile> builder)
    {
        builder.ToTable("import_profiles");
        builder.HasKey(p => new { p.UserId, p.Name }).HasName("pk_import_profiles");
        builder.Property(p => p.Name).HasMaxLength(ImportProfile.NameMaxLength);
        builder.Property(p => p.Mapping).HasColumnType("jsonb").IsRequired();
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
