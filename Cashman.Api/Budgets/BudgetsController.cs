using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Budgets;

/// <summary>Monthly budgets per category, in your base currency: <c>/budgets</c>.</summary>
[ApiController]
[Authorize]
[Route("budgets")]
[Tags("Budgets")]
public sealed class BudgetsController(BudgetService service) : ControllerBase
{
    /// <summary>A month's budgets against what was spent.</summary>
    /// <remarks>
    /// Every category with a budget, spending or a rollover that month. <c>spent</c> is what left the category and its
    /// children: expenses less incomes (refunds), each converted at its own day's rate; transfers never count.
    /// <c>available = budgeted + rolledOver - spent</c>, and a category's <c>rollover</c> decides what its
    /// <c>available</c> carries into the next month (from its first budgeted month on). An amount without a rate is left
    /// out, with <c>complete: false</c> and the rate in <c>missingRates</c>.
    /// </remarks>
    /// <param name="month">YYYY-MM.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The month.</response>
    /// <response code="400">The month is not YYYY-MM from 1900-01 to 2999-12.</response>
    [HttpGet("{month}")]
    [EndpointName("getBudgetMonth")]
    [ProducesResponseType<BudgetMonthResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<BudgetMonthResponse>> Get([SchemaLimits(MinLength = 7, MaxLength = 7, Pattern = BudgetMonth.Pattern)] string month, CancellationToken cancellationToken) =>
        await service.GetAsync(month, cancellationToken);

    /// <summary>Sets a category's budget for a month.</summary>
    /// <param name="month">YYYY-MM.</param>
    /// <param name="categoryId">One of your categories.</param>
    /// <param name="request">The amount, in your base currency.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The budget as stored.</response>
    /// <response code="400">The month or the amount is invalid (negative, too many decimals); <c>errors</c> names it.</response>
    /// <response code="404">You have no category with this id.</response>
    [HttpPut("{month}/{categoryId:guid}")]
    [EndpointName("setBudget")]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<BudgetResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<BudgetResponse>> Set([SchemaLimits(MinLength = 7, MaxLength = 7, Pattern = BudgetMonth.Pattern)] string month, Guid categoryId, BudgetRequest request, CancellationToken cancellationToken) =>
        await service.SetAsync(month, categoryId, request, cancellationToken);

    /// <summary>Removes a category's budget for a month.</summary>
    /// <param name="month">YYYY-MM.</param>
    /// <param name="categoryId">The category.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Removed.</response>
    /// <response code="400">The month is not YYYY-MM.</response>
    /// <response code="404">There is no such budget.</response>
    [HttpDelete("{month}/{categoryId:guid}")]
    [EndpointName("deleteBudget")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete([SchemaLimits(MinLength = 7, MaxLength = 7, Pattern = BudgetMonth.Pattern)] string month, Guid categoryId, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(month, categoryId, cancellationToken);
        return NoContent();
    }

    /// <summary>Copies another month's budgets into this one.</summary>
    /// <remarks>A category budgeted in both months takes the amount of <c>from</c>; the others of this month stay.</remarks>
    /// <param name="month">YYYY-MM, the month that receives the budgets.</param>
    /// <param name="from">YYYY-MM, the month whose budgets are copied.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The month, as <c>GET</c> answers it.</response>
    /// <response code="400">A month is invalid or missing, or both are the same.</response>
    [HttpPost("{month}/copy")]
    [EndpointName("copyBudgets")]
    [ProducesResponseType<BudgetMonthResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<BudgetMonthResponse>> Copy([SchemaLimits(MinLength = 7, MaxLength = 7, Pattern = BudgetMonth.Pattern)] string month, [FromQuery][SchemaLimits(MinLength = 7, MaxLength = 7, Pattern = BudgetMonth.Pattern)] string? from, CancellationToken cancellationToken) =>
        await service.CopyAsync(month, from, cancellationToken);
}
