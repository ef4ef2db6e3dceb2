using Cashman.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Balance;

/// <summary>Where the caller's money stands: <c>/balance</c>.</summary>
[ApiController]
[Authorize]
[Route("balance")]
[Tags("Balance")]
public sealed class BalanceController(BalanceService balances) : ControllerBase
{
    /// <summary>Totals of the caller's incomes and expenses, optionally over a date range and grouped.</summary>
    /// <remarks>
    /// Computed in the database with exact decimal arithmetic. <c>totalExpenses</c> is ≤ 0 and
    /// <c>balance = totalIncome + totalExpenses</c>. <c>groups</c> appears only with <c>groupBy=month</c> (keys
    /// <c>YYYY-MM</c>) or <c>groupBy=category</c> (keys the category, null for none).
    /// </remarks>
    /// <param name="query"><c>from</c>, <c>to</c> (inclusive days) and <c>groupBy</c>.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The totals.</response>
    /// <response code="400">A query parameter is invalid or unknown; <c>errors</c> names it.</response>
    [HttpGet]
    [EndpointName("getBalance")]
    [ProducesResponseType<BalanceResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<BalanceResponse>> Get([FromQuery] BalanceQuery query, CancellationToken cancellationToken) =>
        await balances.GetAsync(query, cancellationToken);
}
