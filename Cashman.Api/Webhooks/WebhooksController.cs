using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Webhooks;

/// <summary>
/// Webhooks: <c>/webhooks</c>. Every change to your transactions (from any write: single, batch, import, recurring, a
/// category merge) is delivered to each of your active webhooks, in the order the changes were made, at least once.
/// </summary>
[ApiController]
[Authorize]
[Route("webhooks")]
[Tags("Webhooks")]
public sealed class WebhooksController(WebhookService service) : ControllerBase
{
    /// <summary>Lists your webhooks, oldest first, without their secrets.</summary>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Every webhook (at most 10).</response>
    [HttpGet]
    [EndpointName("listWebhooks")]
    [ProducesResponseType<WebhookListResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<WebhookListResponse>> List(CancellationToken cancellationToken) =>
        await service.ListAsync(cancellationToken);

    /// <summary>Creates a webhook; its secret is in this answer only.</summary>
    /// <remarks>
    /// Deliveries start with the changes made after this call. Each is a <c>POST</c> of
    /// <c>{ type, timestamp, data }</c> (<c>data</c> the change as <c>GET /changes</c> gives it) with the Standard Webhooks
    /// headers <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c>. A 2xx within 10 seconds is a
    /// success; anything else is retried after about 1 min, 5 min, 30 min, 2 h, 6 h, 12 h and then every 24 h, and after
    /// 3 days of failures the webhook is disabled. No redirect is followed.
    /// </remarks>
    /// <param name="request">The URL, a description and the event types.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The webhook with its <c>secret</c>, its <c>Location</c> and <c>ETag</c>.</response>
    /// <response code="400">A field is invalid: a URL that is not https, or whose host resolves to a loopback, private, link-local, multicast or metadata address; an unknown event type.</response>
    /// <response code="409">You have 10 webhooks.</response>
    /// <response code="422">The <c>Idempotency-Key</c> was already used with a different body.</response>
    [HttpPost]
    [EndpointName("createWebhook")]
    [Idempotent]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<WebhookWithSecretResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<WebhookWithSecretResponse>> Create(WebhookRequest request, CancellationToken cancellationToken)
    {
        var created = await service.CreateAsync(request, cancellationToken);
        return this.CreatedAtPublicUrl(nameof(GetById), new { id = created.Id }, created);
    }

    /// <summary>Gets one webhook, without its secret.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The webhook.</response>
    /// <response code="404">You have none with this id.</response>
    [HttpGet("{id:guid}")]
    [EndpointName("getWebhook")]
    [ETagFilter]
    [ProducesResponseType<WebhookResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<WebhookResponse>> GetById(Guid id, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken);

    /// <summary>Replaces a webhook's URL, description and event types; enables or disables it.</summary>
    /// <remarks><c>status: "active"</c> on a disabled webhook resumes delivery from the first change it has not delivered.</remarks>
    /// <param name="id">Its id.</param>
    /// <param name="request">The URL, a description, the event types and optionally the status.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the update happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The webhook, with its new <c>ETag</c>.</response>
    /// <response code="400">A field is invalid; <c>errors</c> names it.</response>
    /// <response code="404">You have none with this id.</response>
    /// <response code="412">It changed since the version in <c>If-Match</c>.</response>
    [HttpPut("{id:guid}")]
    [EndpointName("updateWebhook")]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<WebhookResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<WebhookResponse>> Update(
        Guid id, WebhookRequest request, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken) =>
        await service.UpdateAsync(id, request, IfMatch.Parse(ifMatch), cancellationToken);

    /// <summary>Deletes a webhook and its delivery attempts.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the delete happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="400"><c>If-Match</c> is malformed.</response>
    /// <response code="404">You have none with this id.</response>
    /// <response code="412">It changed since the version in <c>If-Match</c>.</response>
    [HttpDelete("{id:guid}")]
    [EndpointName("deleteWebhook")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(id, IfMatch.Parse(ifMatch), cancellationToken);
        return NoContent();
    }

    /// <summary>Replaces the webhook's secret; the new one is in this answer only.</summary>
    /// <remarks>For 24 hours deliveries carry two signatures, with the new secret and the old one, so that a receiver can switch without missing one.</remarks>
    /// <param name="id">Its id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The webhook with its new <c>secret</c>.</response>
    /// <response code="404">You have none with this id.</response>
    [HttpPost("{id:guid}/rotate-secret")]
    [EndpointName("rotateWebhookSecret")]
    [ETagFilter]
    [ProducesResponseType<WebhookWithSecretResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<WebhookWithSecretResponse>> RotateSecret(Guid id, CancellationToken cancellationToken) =>
        await service.RotateSecretAsync(id, cancellationToken);

    /// <summary>Sends a <c>webhook.test</c> event now and answers what came of it.</summary>
    /// <remarks>Also for a disabled webhook, to check a receiver before enabling it again. The attempt is listed in its deliveries; it is no change, so nothing else moves.</remarks>
    /// <param name="id">Its id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The attempt: its status code, duration and error, if any (a failed delivery is still a 200 here).</response>
    /// <response code="404">You have none with this id.</response>
    [HttpPost("{id:guid}/test")]
    [EndpointName("testWebhook")]
    [ProducesResponseType<DeliveryResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<DeliveryResponse>> Test(Guid id, CancellationToken cancellationToken) =>
        await service.TestAsync(id, cancellationToken);

    /// <summary>The webhook's delivery attempts of the last 30 days, newest first.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="query">Paging.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">A page of attempts.</response>
    /// <response code="400">A paging parameter is invalid; <c>errors</c> names it.</response>
    /// <response code="404">You have none with this id.</response>
    [HttpGet("{id:guid}/deliveries")]
    [EndpointName("listWebhookDeliveries")]
    [ProducesResponseType<PagedResponse<DeliveryResponse>>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<PagedResponse<DeliveryResponse>>> Deliveries(Guid id, [FromQuery] DeliveryListQuery query, CancellationToken cancellationToken) =>
        this.ToPagedResponse(await service.DeliveriesAsync(id, query, cancellationToken));
}
