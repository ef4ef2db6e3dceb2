using Cashman.Api.Http;
using Cashman.Api.Sync;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Imports;

/// <summary>Bank statements and Cashman exports in: <c>/imports</c>.</summary>
[ApiController]
[Authorize]
[Route("imports")]
[Tags("Sync")]
public sealed class ImportsController(ImportService imports) : ControllerBase
{
    /// <summary>Imports a CSV file (a bank statement or a Cashman export), all rows or none.</summary>
    /// <remarks>
    /// The body is the file itself (<c>text/csv</c>, UTF-8, optional BOM, up to 10 MiB). Columns are found by header name,
    /// in any case; by default those of Cashman's export (<c>occurredOn</c>, <c>description</c>, <c>amount</c>, and
    /// optionally <c>category</c> and <c>externalId</c>), otherwise named with <c>dateColumn</c>, <c>descriptionColumn</c>,
    /// <c>amountColumn</c>, <c>categoryColumn</c> and <c>externalIdColumn</c>. A positive amount is an income, a negative
    /// one an expense. For bank formats: <c>dateFormat</c> (<c>dd.MM.yyyy</c>), <c>decimalSeparator</c> (<c>,</c>) and
    /// <c>delimiter</c> (<c>;</c>). A row without an external id gets one derived from its day, amount and description
    /// and its occurrence among identical rows of the file: two identical coffees on one day are both kept, and the same
    /// file imported twice creates nothing. Rows go through the batch rules: <c>duplicate</c>, <c>deleted</c> (not
    /// recreated unless <c>reimportDeleted=true</c>), in one database transaction. <c>dryRun=true</c> answers what would
    /// happen and stores nothing.
    /// </remarks>
    /// <param name="query">Column names, formats, <c>dryRun</c> and <c>reimportDeleted</c>.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">What became of each row (with <c>dryRun</c>: what would).</response>
    /// <response code="400">Rows are invalid (<c>rows</c> and <c>errors</c> list them by line; nothing was stored), a column is missing, the file is empty or not UTF-8, or a parameter is invalid.</response>
    [HttpPost]
    [EndpointName("importTransactions")]
    [RequestSizeLimit(ImportService.MaxBytes)]
    [ChangeCursorFilter]
    [RequestBodyType(StatementBody.Csv, StatementBody.Ofx, StatementBody.Xml)]
    [ProducesResponseType<ImportResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<ImportResponse>> Import([FromQuery] ImportQuery query, CancellationToken cancellationToken)
    {
        var answer = await imports.ImportAsync(Request.Body, StatementBody.Of(Request), query, cancellationToken);
        return query.DryRun ? Ok(answer with { ChangeSeq = 0 }) : answer;
    }
}
