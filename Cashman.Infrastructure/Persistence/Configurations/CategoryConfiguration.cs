using Cashman.Domain.Accounts;
using Cashman.Domain.Categories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Categories, two levels deep. The path is unique per user ignoring case, which makes names unique among siblings; the
/// lowered path is a column PostgreSQL computes, so that the trigger on transactions and the API compare the same text.
/// </summary>
internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public const string NormalizedPath = "NormalizedPath";

    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("categories", table =>
            table.HasCheckConstraint("ck_categories_rollover", "rollover IN ('none', 'surplus', 'all')"));
        builder.HasKey(c => new { c.UserId, c.Id }).HasName("pk_categories");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(CategoryRules.NameMaxLength).IsRequired();
        builder.Property(c => c.Path).HasMaxLength(CategoryRules.PathMaxLength).IsRequired();
        builder.Property<string>(NormalizedPath).HasMaxLength(CategoryRules.PathMaxLength).HasComputedColumnSql("lower((path)::text)", stored: true);
        builder.Property(c => c.Rollover).HasMaxLength(8)
            .HasConversion(r => r.ToString().ToLowerInvariant(), s => Enum.Parse<Rollover>(s, true))
            .HasDefaultValue(Rollover.None).HasSentinel((Rollover)(-1));
        builder.Property(c => c.Version).IsConcurrencyToken().HasDefaultValueSql("gen_random_uuid()");
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Category>().WithMany()
            .HasForeignKey(c => new { c.UserId, c.ParentId })
            .HasPrincipalKey(c => new { c.UserId, c.Id })
            .OnDelete(DeleteBehavior.NoAction)
            .HasConstraintName("fk_categories_categories_user_id_parent_id");
        builder.HasIndex(nameof(Category.UserId), NormalizedPath).IsUnique().HasDatabaseName("ux_categories_user_id_normalized_path");
        builder.HasIndex(c => new { c.UserId, c.ParentId }).HasDatabaseName("ix_categories_user_id_parent_id");
    }
}
