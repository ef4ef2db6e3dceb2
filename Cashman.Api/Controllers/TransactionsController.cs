using Cashman.Api.Contracts;
using Cashman.Api.Http;
using Cashman.Api.Services;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Controllers;

/// <summary>Incomes and expenses together: <c>/transactions</c>.</summary>
[ApiController]
[Authorize]
[Route("transactions")]
[Tags("Transactions")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, MediaTypes.ProblemJson)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status500InternalServerError, MediaTypes.ProblemJson)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, MediaTypes.ProblemJson)]
public sealed class TransactionsController(TransactionService service) : ControllerBase
{
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
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, MediaTypes.ProblemJson)]
    public async Task<ActionResult<PagedResponse<TransactionResponse>>> List([FromQuery] TransactionListQuery query, CancellationToken cancellationToken) =>
        this.ToPagedResponse(await service.ListAsync(TransactionKindNames.Parse(query?.Type), query!, cancellationToken));
}
