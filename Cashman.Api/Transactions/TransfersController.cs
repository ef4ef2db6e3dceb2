using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.Sync;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Transactions;

/// <summary>
/// Money moved between two of the caller's accounts: <c>/transfers</c>. A transfer is the third kind of transaction,
/// in <c>/transactions</c>, the change feed, batches and the export; it moves both accounts' balances and is never an
/// income or an expense.
/// </summary>
[ApiController]
[Authorize]
[Route("transfers")]
[Tags("Transfers")]
public sealed class TransfersController(TransactionService service, TransactionReads reads) : ControllerBase
{
    /// <summary>Records a transfer between two of your accounts.</summary>
    /// <remarks>
    /// <c>amount</c> leaves <c>fromAccountId</c> in its currency; <c>toAmount</c> arrives in <c>toAccountId</c>'s, required
    /// when the currencies differ. Send an <c>Idempotency-Key</c> to make retries safe.
    /// </remarks>
    /// <param name="request">The accounts, amounts, day and optional description and external id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The transfer was stored.</response>
    /// <response code="400">A field is invalid (the same account twice, <c>toAmount</c> missing between currencies, an account that is not yours); <c>errors</c> names it.</response>
    /// <response code="409">The <c>externalId</c> is one you already have; <c>existingId</c> names the stored transaction.</response>
    /// <response code="422">The <c>Idempotency-Key</c> was already used with a different body.</response>
    [HttpPost]
    [EndpointName("createTransfer")]
    [Idempotent]
    [ETagFilter]
    [ChangeCursorFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<TransactionResponse>> Create(TransferRequest request, CancellationToken cancellationToken)
    {
        var created = await service.CreateAsync(TransactionKind.Transfer, request.ToInput(), cancellationToken);
        return this.CreatedAtPublicUrl(nameof(GetById), new { id = created.Id }, created);
    }

    /// <summary>Lists transfers, newest first unless sorted otherwise, filtered, one page at a time.</summary>
    /// <param name="query">Paging, filters and sort, as for incomes and expenses.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">One page of transfers.</response>
    /// <response code="400">A query parameter is invalid or unknown; <c>errors</c> names it.</response>
    [HttpGet]
    [EndpointName("listTransfers")]
    [ProducesResponseType<PagedResponse<TransactionResponse>>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<PagedResponse<TransactionResponse>>> List([FromQuery] ListQuery query, CancellationToken cancellationToken) =>
        this.ToPagedResponse(await reads.ListAsync(TransactionKind.Transfer, query, cancellationToken));

    /// <summary>Gets one transfer.</summary>
    /// <param name="id">The transfer's id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The transfer, with its <c>ETag</c>.</response>
    /// <response code="404">You have no transfer with this id.</response>
    [HttpGet("{id:guid}")]
    [EndpointName("getTransfer")]
    [ETagFilter]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<TransactionResponse>> GetById(Guid id, CancellationToken cancellationToken) =>
        await reads.GetAsync(TransactionKind.Transfer, id, cancellationToken);

    /// <summary>Replaces a transfer's accounts, amounts, description and day.</summary>
    /// <remarks>Absent <c>fromAccountId</c> and <c>toAccountId</c> keep the current accounts.</remarks>
    /// <param name="id">The transfer's id.</param>
    /// <param name="request">The new values.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the update happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The updated transfer, with its new <c>ETag</c>.</response>
    /// <response code="400">A field is invalid; <c>errors</c> names it.</response>
    /// <response code="404">You have no transfer with this id.</response>
    /// <response code="409">Without <c>If-Match</c>: another request changed it at the same moment.</response>
    /// <response code="412">The transfer changed since the version in <c>If-Match</c>; nothing was changed.</response>
    [HttpPut("{id:guid}")]
    [EndpointName("updateTransfer")]
    [ETagFilter]
    [ChangeCursorFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<TransactionResponse>> Update(
        Guid id, TransferRequest request, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken) =>
        await service.UpdateAsync(TransactionKind.Transfer, id, request.ToInput(), IfMatch.Parse(ifMatch), cancellationToken);

    /// <summary>Deletes a transfer.</summary>
    /// <param name="id">The transfer's id.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the delete happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="400"><c>If-Match</c> is malformed.</response>
    /// <response code="404">You have no transfer with this id.</response>
    /// <response code="412">The transfer changed since the version in <c>If-Match</c>; nothing was deleted.</response>
    [HttpDelete("{id:guid}")]
    [EndpointName("deleteTransfer")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken)
    {
        ChangeCursor.Write(HttpContext, await service.DeleteAsync(TransactionKind.Transfer, id, IfMatch.Parse(ifMatch), cancellationToken));
        return NoContent();
    }
}
