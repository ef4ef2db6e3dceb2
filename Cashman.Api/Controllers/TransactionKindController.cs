using Cashman.Api.Contracts;
using Cashman.Api.Http;
using Cashman.Api.Services;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Controllers;

/// <summary>
/// The actions <c>/incomes</c> and <c>/expenses</c> share; each subclass only names its kind and route.
/// Every action needs a bearer token or an API key and sees only the caller's own transactions.
/// <c>{kind}</c> in these summaries is filled in per controller by <see cref="OpenApi.KindSummaryOperationFilter"/>.
/// </summary>
[ApiController]
[Authorize]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, MediaTypes.ProblemJson)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status500InternalServerError, MediaTypes.ProblemJson)]
public abstract class TransactionKindController(TransactionService service) : ControllerBase
{
    /// <summary>The kind every action of this controller works on.</summary>
    protected abstract TransactionKind Kind { get; }

    /// <summary>Records a new {kind}.</summary>
    /// <remarks>Returns the stored {kind} with its <c>Location</c>. Server-owned fields in the body are ignored.</remarks>
    /// <param name="request">Description, amount, optional category and day.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The {kind} was stored.</response>
    /// <response code="400">A field is missing or invalid, or the body is not valid JSON; <c>errors</c> names the fields.</response>
    /// <response code="413">The body is larger than 64 KiB.</response>
    /// <response code="415">The body is not <c>application/json</c>.</response>
    [HttpPost]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, MediaTypes.ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, MediaTypes.ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, MediaTypes.ProblemJson)]
    public async Task<ActionResult<TransactionResponse>> Create(TransactionRequest request, CancellationToken cancellationToken) =>
        CreatedAt(await service.CreateAsync(Kind, request, cancellationToken));

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
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, MediaTypes.ProblemJson)]
    public async Task<ActionResult<PagedResponse<TransactionResponse>>> List([FromQuery] ListQuery query, CancellationToken cancellationToken) =>
        this.ToPagedResponse(await service.ListAsync(Kind, query, cancellationToken));

    /// <summary>Gets one {kind}.</summary>
    /// <remarks>The <c>ETag</c> header carries the row version.</remarks>
    /// <param name="id">The {kind}'s id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The {kind}.</response>
    /// <response code="404">The caller has no {kind} with this id.</response>
    [HttpGet("{id:guid}")]
    [ETagFilter]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, MediaTypes.ProblemJson)]
    public async Task<ActionResult<TransactionResponse>> GetById(Guid id, CancellationToken cancellationToken) =>
        await service.GetAsync(Kind, id, cancellationToken);

    /// <summary>Replaces a {kind}'s description, amount, category and day.</summary>
    /// <remarks>A full replacement: an absent category becomes null and an absent day becomes today (UTC).</remarks>
    /// <param name="id">The {kind}'s id.</param>
    /// <param name="request">The new values.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The updated {kind}, with its new <c>ETag</c>.</response>
    /// <response code="400">A field is missing or invalid; <c>errors</c> names the fields.</response>
    /// <response code="404">The caller has no {kind} with this id.</response>
    /// <response code="409">Another request changed it at the same moment; read it again and retry.</response>
    /// <response code="413">The body is larger than 64 KiB.</response>
    /// <response code="415">The body is not <c>application/json</c>.</response>
    [HttpPut("{id:guid}")]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, MediaTypes.ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, MediaTypes.ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, MediaTypes.ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, MediaTypes.ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, MediaTypes.ProblemJson)]
    public async Task<ActionResult<TransactionResponse>> Update(Guid id, TransactionRequest request, CancellationToken cancellationToken) =>
        await service.UpdateAsync(Kind, id, request, cancellationToken);

    /// <summary>Deletes a {kind}.</summary>
    /// <param name="id">The {kind}'s id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">The caller has no {kind} with this id.</response>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, MediaTypes.ProblemJson)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(Kind, id, cancellationToken);
        return NoContent();
    }

    private CreatedAtActionResult CreatedAt(TransactionResponse created) =>
        CreatedAtAction(nameof(GetById), new { id = created.Id }, created);
}
