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
    /// <summary>Imports a bank statement (CSV in any bank's layout, OFX or CAMT.053) or a Cashman export, all rows or none.</summary>
    /// <remarks>
    /// The body is the file itself, up to 10 MiB: <c>text/csv</c> (UTF-8 with or without BOM, or the <c>charset</c>
    /// declared: <c>utf-16</c> with its BOM, <c>iso-8859-1</c>, <c>iso-8859-15</c>, <c>windows-1252</c>),
    /// <c>application/x-ofx</c> (OFX 1.x SGML or 2.x XML) or <c>application/xml</c> (ISO 20022 camt.053).
    /// CSV columns are found by header name, in any case (by default those of Cashman's export), or by number with
    /// <c>header=false</c>; the header is the first of the first 30 lines that holds every mapped name, unless
    /// <c>skipLines</c> says where it is. A signed <c>amountColumn</c> (positive an income, negative an expense), or
    /// <c>debitColumn</c> and <c>creditColumn</c>, or an unsigned amount with <c>directionColumn</c>, <c>outValues</c> and
    /// <c>inValues</c>. Amounts may carry a leading <c>+</c>, a currency symbol or code and accounting parentheses; digits
    /// are grouped only in threes. Rows with neither date nor amount, a zero amount, or a <c>statusColumn</c> value in
    /// <c>skipStatuses</c> are <c>skipped</c> with their <c>reason</c>. <c>profile</c> names a saved or built-in mapping
    /// (<c>GET /imports/profiles</c>); parameters sent with it win. OFX and CAMT.053 need no mapping: their transaction
    /// ids become external ids, their currency must be the account's, and a statement that names its account number goes
    /// to your account with that <c>number</c> when no <c>accountId</c> is sent. A row without an external id gets one
    /// derived from its day, amount and description and its occurrence among identical rows of the file, so the same file
    /// imported twice creates nothing. Rows go through the batch rules (<c>duplicate</c>, <c>deleted</c>, not recreated
    /// unless <c>reimportDeleted=true</c>) in one database transaction. <c>dryRun=true</c> stores nothing and shows each
    /// row as it would be stored.
    /// </remarks>
    /// <param name="query">The mapping (or a profile), <c>accountId</c>, <c>dryRun</c> and <c>reimportDeleted</c>.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">What became of each row (with <c>dryRun</c>: what would, and each row as it would be stored).</response>
    /// <response code="400">Rows are invalid (<c>rows</c> and <c>errors</c> list them by line; nothing was stored), a column or profile is missing, the file is empty, malformed or has bytes invalid in its charset, its currency or account number is not the account's, or a parameter is invalid.</response>
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
