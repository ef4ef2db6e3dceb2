using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.Sync;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Transactions;

/// <summary>Incomes and expenses together: <c>/transactions</c>.</summary>
[ApiController]
[Authorize]
[Route("transactions")]
[Tags("Transactions")]
public sealed class TransactionsController(TransactionReads reads, BulkTransactionService bulk) : ControllerBase
{
    /// <summary>Maximum body of a batch: 1 MiB.</summary>
    public const long MaxBatchBytes = 1024 * 1024;

    /// <summary>Records up to 1,000 incomes and expenses at once, all or none.</summary>
    /// <remarks>
    /// Every item is validated first: one invalid item stores nothing, and the 400 names each invalid field by position
    /// (<c>items[3].amount</c>). Otherwise the answer has one result per item, in order. An item whose <c>externalId</c> is
    /// already stored (or came earlier in the batch) is a <c>duplicate</c> and <c>id</c> names that transaction; one whose
    /// <c>externalId</c> belongs to a transaction you deleted is <c>deleted</c> and is not recreated unless
    /// <c>reimportDeleted=true</c>. Everything is stored in one database transaction. An <c>Idempotency-Key</c> makes
    /// retries safe, as on single creates.
    /// </remarks>
    /// <param name="request">The items: each with <c>type</c> and the fields of a create.</param>
    /// <param name="reimportDeleted">Recreate items whose external id belongs to a deleted transaction (default false).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">What became of each item; <c>Cashman-Change-Cursor</c> includes the new ones.</response>
    /// <response code="400">An item is invalid (<c>errors</c> names it, as <c>items[3].amount</c>), there are no items or more than 1,000, or the body is not valid JSON.</response>
    /// <response code="422">The <c>Idempotency-Key</c> was already used with a different body.</response>
    [HttpPost("batch")]
    [EndpointName("createTransactionsBatch")]
    [Idempotent]
    [RequestSizeLimit(MaxBatchBytes)]
    [ChangeCursorFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<BatchResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<BatchResponse>> Batch(BatchRequest request, [FromQuery] bool reimportDeleted, CancellationToken cancellationToken) =>
        await bulk.StoreBatchAsync(request, reimportDeleted, cancellationToken);

    /// <summary>Lists the caller's incomes and expenses together, newest first, optionally of one type.</summary>
    /// <remarks>
    /// Takes the same filters and sort as <c>/incomes</c> and <c>/expenses</c>, plus <c>type</c>. The page links are also
    /// sent in the <c>Link</c> header. An invalid value or an unknown query parameter is a 400 that names it.
    /// </remarks>
    /// <param name="query">Paging, filters, sort and <c>type</c> (<c>income</c> or <c>expense</c>).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">One page of transactions.</response>
    /// <response code="400">A query parameter is invalid or unknown; <c>errors</c> names it.</response>
    [HttpGet]
    [EndpointName("listTransactions")]
    [ProducesResponseType<PagedResponse<TransactionResponse>>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<PagedResponse<TransactionResponse>>> List([FromQuery] TransactionListQuery query, CancellationToken cancellationToken) =>
        this.ToPagedResponse(await reads.ListAsync(TransactionKindNames.Parse(query?.Type), query!, cancellationToken));

    /// <summary>Exports every matching transaction as CSV or JSON, streamed.</summary>
    /// <remarks>
    /// Takes the list filters (<c>from</c>, <c>to</c>, <c>minAmount</c>, <c>maxAmount</c>, <c>q</c>, <c>category</c>) and
    /// <c>type</c>; no paging: every matching row, oldest first. CSV has the header
    /// <c>id,type,occurredOn,description,amount,category,externalId,createdAt,updatedAt</c> (amounts with two decimals,
    /// expenses negative); JSON is an array of transactions in their usual shape. The CSV imports as it is through
    /// <c>POST /imports</c>: into an empty account it reproduces every transaction and the balance, and importing it
    /// again creates nothing.
    /// </remarks>
    /// <param name="query">Filters, <c>type</c> and <c>format</c> (<c>csv</c>, the default, or <c>json</c>).</param>
    /// <param name="export">Writes the file.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The file.</response>
    /// <response code="400">A query parameter is invalid or unknown; <c>errors</c> names it.</response>
    [HttpGet("export")]
    [EndpointName("exportTransactions")]
    [ProducesResponseType<IReadOnlyList<TransactionResponse>>(StatusCodes.Status200OK, MediaTypes.Json, "text/csv")]
    public async Task Export([FromQuery] ExportQuery query, [FromServices] ExportService export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        await export.WriteAsync(Response, query, cancellationToken);
    }
}
