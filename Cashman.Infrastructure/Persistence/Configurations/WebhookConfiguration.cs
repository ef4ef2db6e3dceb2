using Cashman.Domain.Accounts;
using Cashman.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cashman.Infrastructure.Persistence.Configurations;

/// <summary>
/// Webhooks, keyed by owner. The background delivery finds those with something to deliver across users through the
/// index on <c>next_attempt_at</c>, which holds only active webhooks.
/// </summary>
internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks", table => table.HasCheckConstraint("ck_webhooks_status", "status IN ('active', 'disabled')"));
        builder.HasKey(w => new { w.UserId, w.Id }).HasName("pk_webhooks");
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Url).HasMaxLength(Webhook.UrlMaxLength).IsRequired();
        builder.Property(w => w.Description).HasMaxLength(Webhook.DescriptionMaxLength).IsRequired();
        builder.Property(w => w.Events).IsRequired();
        builder.Property(w => w.Status).HasMaxLength(16)
            .HasConversion(s => s == WebhookStatus.Active ? "active" : "disabled", s => s == "active" ? WebhookStatus.Active : WebhookStatus.Disabled);
        builder.Property(w => w.Secret).HasMaxLength(100).IsRequired();
        builder.Property(w => w.PreviousSecret).HasMaxLength(100);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasOne<User>().WithMany().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(w => w.NextAttemptAt).HasFilter("status = 'active'").HasDatabaseName("ix_webhooks_next_attempt_at");
    }
}

/// <summary>Delivery attempts, listed newest first per webhook (ids are version 7) and purged by age across users.</summary>
internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => new { d.UserId, d.WebhookId, d.Id }).HasName("pk_webhook_deliveries");
        builder.Property(d => d.EventId).HasMaxLength(WebhookDelivery.EventIdMaxLength).IsRequired();
        builder.Property(d => d.EventType).HasMaxLength(32).IsRequired();
        builder.Property(d => d.Error).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        builder.Ignore(d => d.Succeeded);
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Webhook>().WithMany()
            .HasForeignKey(d => new { d.UserId, d.WebhookId })
            .HasPrincipalKey(w => new { w.UserId, w.Id })
            .OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_webhook_deliveries_webhooks_user_id_webhook_id");

        builder.HasIndex(d => d.AttemptedAt).HasDatabaseName("ix_webhook_deliveries_attempted_at");
    }
}
