using Cashman.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public const int KeyMaxLength = 255;

    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");

        // Keys are per user: the primary key is what makes two concurrent requests with one key wait for each other.
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(KeyMaxLength);
        builder.Property(r => r.RequestHash).HasMaxLength(32);
        builder.Property(r => r.Location).HasMaxLength(2048);
        builder.Property(r => r.ETag).HasMaxLength(64).HasColumnName("etag");
        builder.Property(r => r.ChangeCursor).HasMaxLength(64);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);

        // The cleanup deletes by expiry.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
