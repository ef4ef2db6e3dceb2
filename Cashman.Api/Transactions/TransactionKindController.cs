using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Transactions;

/// <summary>
/// The actions <c>/incomes</c> and <c>/expenses</c> share; each subclass only names its kind and route.
/// Every action needs a bearer token or an API key and sees only the caller's own transactions.
/// <c>{kind}</c> in these summaries is filled in per controller by <see cref="OpenApi.KindOperationFilter"/>.
/// </summary>
[ApiController]
[Authorize]
public abstract class TransactionKindController(TransactionService service, TransactionReads reads) : ControllerBase
{
    /// <summary>The kind every action of this controller works on.</summary>
    protected abstract TransactionKind Kind { get; }

    /// <summary>Records a new {kind}.</summary>
    /// <remarks>
    /// Returns the stored {kind} with its <c>Location</c> and <c>ETag</c>. Server-owned fields in the body are ignored.
    /// Send an <c>Idempotency-Key</c> (for example a UUID) to make retries safe: for 24 hours, the same key with the same
    /// body is answered with the original response (marked <c>Idempotent-Replayed: true</c>) and records nothing new;
    /// a concurrent request with the key waits for the first one and gets its answer.
    /// </remarks>
    /// <param name="request">Description, amount, optional category, day and external id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The {kind} was stored (or, with a known <c>Idempotency-Key</c>, had been stored by the first request).</response>
    /// <response code="400">A field is missing or invalid, the body is not valid JSON, or the <c>Idempotency-Key</c> is malformed; <c>errors</c> names them.</response>
    /// <response code="409">The <c>externalId</c> is one you already have (on an income or an expense): nothing new is stored, and <c>existingId</c> names the stored transaction.</response>
    /// <response code="422">The <c>Idempotency-Key</c> was already used with a different body.</response>
    [HttpPost]
    [Idempotent]
    [ETagFilter]
    [ChangeCursorFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<TransactionResponse>> Create(TransactionRequest request, CancellationToken cancellationToken) =>
        CreatedAt(await service.CreateAsync(Kind, request.ToInput(), cancellationToken));

    /// <summary>Lists {kind}s, newest first unless sorted otherwise, filtered, one page at a time.</summary>
    /// <remarks>
    /// Filters (<c>from</c>, <c>to</c>, <c>minAmount</c>, <c>maxAmount</c> on the absolute amount, <c>q</c>, <c>category</c>)
    /// combine freely and are kept in the page links, which are also sent in the <c>Link</c> header.
    /// An invalid value or an unknown query parameter is a 400 that names it.
    /// </remarks>
    /// <param name="query">Paging, filters and sort.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">One page of {kind}s.</response>
    /// <response code="400">A query parameter is invalid or unknown; <c>errors</c> names it.</response>
    [HttpGet]
    [ProducesResponseType<PagedResponse<TransactionResponse>>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<PagedResponse<TransactionResponse>>> List([FromQuery] ListQuery query, CancellationToken cancellationToken) =>
        this.ToPagedResponse(await reads.ListAsync(Kind, query, cancellationToken));

    /// <summary>Gets one {kind}.</summary>
    /// <remarks>The <c>ETag</c> header carries the row version: opaque, new on every change, telling nothing about other rows.</remarks>
    /// <param name="id">The {kind}'s id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The {kind}.</response>
    /// <response code="404">The caller has no {kind} with this id.</response>
    [HttpGet("{id:guid}")]
    [ETagFilter]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<TransactionResponse>> GetById(Guid id, CancellationToken cancellationToken) =>
        await reads.GetAsync(Kind, id, cancellationToken);

    /// <summary>Replaces a {kind}'s description, amount, category, day and account.</summary>
    /// <remarks>
    /// A full replacement: an absent category becomes null, an absent day becomes today (in your time zone) and an
    /// absent <c>accountId</c> keeps the current account.
    /// Send the <c>ETag</c> you read as <c>If-Match</c> so that a change made by someone else in between is a 412
    /// instead of being overwritten.
    /// </remarks>
    /// <param name="id">The {kind}'s id.</param>
    /// <param name="request">The new values.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read (or <c>*</c>); the update happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The updated {kind}, with its new <c>ETag</c>.</response>
    /// <response code="400">A field is missing or invalid, or <c>If-Match</c> is malformed; <c>errors</c> names them.</response>
    /// <response code="404">The caller has no {kind} with this id.</response>
    /// <response code="409">Without <c>If-Match</c>: another request changed it at the same moment; read it again and retry.</response>
    /// <response code="412">The {kind} has changed since the version in <c>If-Match</c>; nothing was changed.</response>
    [HttpPut("{id:guid}")]
    [ETagFilter]
    [ChangeCursorFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<TransactionResponse>> Update(
        Guid id,
        TransactionRequest request,
        [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch,
        CancellationToken cancellationToken) =>
        await service.UpdateAsync(Kind, id, request.ToInput(), IfMatch.Parse(ifMatch), cancellationToken);

    /// <summary>Deletes a {kind}.</summary>
    /// <remarks>The change feed reports the delete (with the external id) for <c>Changes__RetentionDays</c>.</remarks>
    /// <param name="id">The {kind}'s id.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read (or <c>*</c>); the delete happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="400"><c>If-Match</c> is malformed.</response>
    /// <response code="404">The caller has no {kind} with this id.</response>
    /// <response code="412">The {kind} has changed since the version in <c>If-Match</c>; nothing was deleted.</response>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(
        Guid id,
        [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch,
        CancellationToken cancellationToken)
    {
        ChangeCursor.Write(HttpContext, await service.DeleteAsync(Kind, id, IfMatch.Parse(ifMatch), cancellationToken));
        return NoContent();
    }

    private CreatedResult CreatedAt(TransactionResponse created) =>
        this.CreatedAtPublicUrl(nameof(GetById), new { id = created.Id }, created);
}
