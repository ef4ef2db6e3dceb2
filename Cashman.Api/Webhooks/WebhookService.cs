using System.Security.Cryptography;
using Cashman.Api.Http;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Webhooks;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Webhooks;

/// <summary>
/// The caller's webhooks: create (with a secret shown once), list, read, change, delete, rotate the secret, send a test
/// event, and the recent delivery attempts. A new webhook's cursor is the owner's change-feed position when it is created,
/// read under the owner's lock, so it delivers exactly the changes made after it. Every query names the caller.
/// </summary>
public sealed class WebhookService(
    CashmanDbContext db,
    RequestTransaction requestTransaction,
    CurrentUser currentUser,
    TimeProvider timeProvider,
    WebhookTargets targets,
    WebhookSender sender)
{
    public async Task<WebhookListResponse> ListAsync(CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => w.UserId == owner).OrderBy(w => w.Id).ToListAsync(cancellationToken);
        return new WebhookListResponse([.. webhooks.Select(WebhookResponse.From)]);
    }

    public async Task<WebhookResponse> GetAsync(Guid id, CancellationToken cancellationToken) =>
        WebhookResponse.From(await FindAsync(db, id, tracked: false, cancellationToken));

    public async Task<WebhookWithSecretResponse> CreateAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = currentUser.Id;
        var url = await UrlAsync(request, cancellationToken);
        var status = request.Status is null ? WebhookStatus.Active : Status(request.Status);
        var now = timeProvider.GetUtcNow();
        var secret = NewSecret();
        var webhook = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                // Under the owner's lock no write of theirs is between the position read and the webhook stored.
                var position = await context.LockOwnerAsync(owner, c);
                if (await context.Webhooks.CountAsync(w => w.UserId == owner, c) >= Webhook.MaxPerUser)
                {
                    throw new ConflictException($"You have {Webhook.MaxPerUser} webhooks, the most a user may have.");
                }

                var webhook = new Webhook(Guid.CreateVersion7(now), owner, url, request.Description, request.Events, status, secret, position, now);
                context.Webhooks.Add(webhook);
                await context.SaveChangesAsync(c);
                return webhook;
            },
            (context, c) => context.Webhooks.AnyAsync(w => w.UserId == owner && w.Secret == secret, c),
            cancellationToken);
        return WebhookWithSecretResponse.From(webhook, secret);
    }

    public async Task<WebhookResponse> UpdateAsync(Guid id, WebhookRequest request, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = await UrlAsync(request, cancellationToken);
        var status = request.Status is null ? (WebhookStatus?)null : Status(request.Status);
        var now = timeProvider.GetUtcNow();
        var owner = currentUser.Id;
        var webhook = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                var webhook = await FindAsync(context, id, tracked: true, c);
                ifMatch?.Check(webhook.Version);
                webhook.Update(url, request.Description, request.Events, status ?? webhook.Status, now);
                await context.SaveChangesAsync(c);
                return webhook;
            },
            (context, c) => context.Webhooks.AnyAsync(w => w.UserId == owner && w.Id == id && w.UpdatedAt == now, c),
            cancellationToken);
        return WebhookResponse.From(webhook);
    }

    public async Task DeleteAsync(Guid id, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                var webhook = await FindAsync(context, id, tracked: false, c);
                ifMatch?.Check(webhook.Version);
                return await context.Webhooks.Where(w => w.UserId == owner && w.Id == id).ExecuteDeleteAsync(c);
            },
            async (context, c) => !await context.Webhooks.AnyAsync(w => w.UserId == owner && w.Id == id, c),
            cancellationToken);
    }

    /// <summary>A new secret; deliveries of the next 24 hours are signed with the old one too, so receivers can switch.</summary>
    public async Task<WebhookWithSecretResponse> RotateSecretAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var now = timeProvider.GetUtcNow();
        var secret = NewSecret();
        var webhook = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                var webhook = await FindAsync(context, id, tracked: true, c);
                webhook.RotateSecret(secret, now);
                await context.SaveChangesAsync(c);
                return webhook;
            },
            (context, c) => context.Webhooks.AnyAsync(w => w.UserId == owner && w.Id == id && w.Secret == secret, c),
            cancellationToken);
        return WebhookWithSecretResponse.From(webhook, secret);
    }

    /// <summary>
    /// Sends a <c>webhook.test</c> event now (also to a disabled webhook, to check a receiver before enabling it again),
    /// records the attempt and answers it. It is no change: the cursor stays where it is.
    /// </summary>
    public async Task<DeliveryResponse> TestAsync(Guid id, CancellationToken cancellationToken)
    {
        var webhook = await FindAsync(db, id, tracked: false, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var eventId = $"msg_test_{Guid.CreateVersion7(now):N}";
        var outcome = await sender.SendAsync(
            webhook.Url, webhook.SigningSecrets(now), eventId, new WebhookPayload(WebhookEvents.Test, now, new { webhookId = webhook.Id }), cancellationToken);
        var delivery = WebhookDeliveries.Record(webhook, eventId, WebhookEvents.Test, now, outcome);
        await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                // Deleted while the test ran: there is nothing to record it on.
                context.ChangeTracker.Clear();
                var owner = currentUser.Id;
                _ = await context.Webhooks.FromSql($"SELECT * FROM webhooks WHERE user_id = {owner} AND id = {id} FOR KEY SHARE").AsNoTracking()
                    .SingleOrDefaultAsync(c) ?? throw new NotFoundException();
                context.WebhookDeliveries.Add(delivery);
                await context.SaveChangesAsync(c);
                return 0;
            },
            (context, c) => context.WebhookDeliveries.AnyAsync(d => d.UserId == delivery.UserId && d.WebhookId == id && d.Id == delivery.Id, c),
            cancellationToken);
        return DeliveryResponse.From(delivery);
    }

    /// <summary>The webhook's delivery attempts of the last 30 days, newest first.</summary>
    public async Task<Page<DeliveryResponse>> DeliveriesAsync(Guid id, DeliveryListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var owner = currentUser.Id;
        await FindAsync(db, id, tracked: false, cancellationToken);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.UserId == owner && d.WebhookId == id);
        var total = await deliveries.LongCountAsync(cancellationToken);
        var offset = (long)(query.Page - 1) * query.PageSize;
        var items = offset >= total
            ? []
            : await deliveries.OrderByDescending(d => d.Id).Skip((int)offset).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Page<DeliveryResponse>([.. items.Select(DeliveryResponse.From)], query.Page, query.PageSize, total);
    }

    private async Task<Uri> UrlAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            throw DomainValidationException.For("url", "The url is required.");
        }

        if (TextRules.HasControlCharacter(request.Url) || !Uri.TryCreate(request.Url, UriKind.Absolute, out var url))
        {
            throw DomainValidationException.For("url", "The url must be an absolute https URL.");
        }

        await targets.CheckAsync(url, cancellationToken);
        return url;
    }

    private static WebhookStatus Status(string status) => status switch
    {
        "active" => WebhookStatus.Active,
        "disabled" => WebhookStatus.Disabled,
        _ => throw DomainValidationException.For("status", "The status must be active or disabled."),
    };

    private static string NewSecret() => Webhook.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(Webhook.SecretBytes));

    private async Task<Webhook> FindAsync(CashmanDbContext context, Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var webhooks = tracked ? context.Webhooks : context.Webhooks.AsNoTracking();
        return await webhooks.SingleOrDefaultAsync(w => w.UserId == owner && w.Id == id, cancellationToken) ?? throw new NotFoundException();
    }
}
