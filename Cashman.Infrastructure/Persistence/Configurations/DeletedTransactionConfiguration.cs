using Cashman.Domain.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Written only by the <c>transactions_track_changes</c> trigger (<c>Persistence/Sql</c>). No foreign key to users: the
/// trigger writes markers while an account's transactions are being cascade-deleted; the erasure deletes them by owner.
/// </summary>
internal sealed class DeletedTransactionConfiguration : IEntityTypeConfiguration<DeletedTransaction>
{
    public void Configure(EntityTypeBuilder<DeletedTransaction> builder)
    {
        builder.ToTable("deleted_transactions");
        builder.HasKey(d => new { d.UserId, d.Id });
        builder.Property(d => d.Type).HasMaxLength(16);
        builder.Property(d => d.ExternalId).HasMaxLength(TransactionRules.ExternalIdMaxLength);

        // The feed reads a user's markers after a position; an import looks up external ids; the purge goes by age.
        builder.HasIndex(d => new { d.UserId, d.ChangeSeq });
        builder.HasIndex(d => new { d.UserId, d.ExternalId }).HasFilter("external_id IS NOT NULL");
        builder.HasIndex(d => d.DeletedAt);
    }
}
