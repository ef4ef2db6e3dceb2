using System.Globalization;
using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;
using Cashman.Api.Transactions;
using Cashman.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Recurring;

/// <summary>Transactions that come back on a schedule (salary, rent, subscriptions): <c>/recurring</c>.</summary>
[ApiController]
[Authorize]
[Route("recurring")]
[Tags("Recurring")]
public sealed class RecurringController(RecurringService service, PublicUrls urls) : ControllerBase
{
    private const string DatePattern = DateRangeQuery.DatePattern;

    /// <summary>Lists your recurring transactions, whole, oldest first.</summary>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Every recurring transaction.</response>
    /// <response code="304">Nothing changed since the <c>ETag</c> in <c>If-None-Match</c>.</response>
    [HttpGet]
    [EndpointName("listRecurring")]
    [ProducesResponseType<RecurringListResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<ActionResult<RecurringListResponse>> List(CancellationToken cancellationToken)
    {
        var (list, etag) = await service.ListAsync(cancellationToken);
        return this.WithETag(list, etag);
    }

    /// <summary>Creates a recurring transaction.</summary>
    /// <remarks>
    /// The template is checked as the transaction it posts (on <c>startsOn</c>). With <c>autoPost</c> (the default) each day
    /// is posted within a minute of its beginning in your time zone, as a transaction whose <c>externalId</c> is
    /// <c>recurring:{id}:{YYYY-MM-DD}</c>; days already past (a <c>startsOn</c> in the past) are posted at once, each with its
    /// own date. Without it, due days wait in <c>GET /recurring/due</c>.
    /// </remarks>
    /// <param name="request">The template, the rule, the first and last day.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The recurring transaction, with its <c>Location</c> and <c>ETag</c>.</response>
    /// <response code="400">A field is invalid: the rule (invalid, more often than daily, or never producing a day), a template field (<c>template.amount</c>), <c>startsOn</c> or <c>endsOn</c>.</response>
    /// <response code="409">You have 1,000 recurring transactions.</response>
    /// <response code="422">The <c>Idempotency-Key</c> was already used with a different body.</response>
    [HttpPost]
    [EndpointName("createRecurring")]
    [Idempotent]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<RecurringResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<RecurringResponse>> Create(RecurringRequest request, CancellationToken cancellationToken)
    {
        var created = await service.CreateAsync(request, cancellationToken);
        return this.CreatedAtPublicUrl(nameof(GetById), new { id = created.Id }, created);
    }

    /// <summary>Gets one recurring transaction.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The recurring transaction.</response>
    /// <response code="404">You have none with this id.</response>
    [HttpGet("{id:guid}")]
    [EndpointName("getRecurring")]
    [ETagFilter]
    [ProducesResponseType<RecurringResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<RecurringResponse>> GetById(Guid id, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken);

    /// <summary>Replaces a recurring transaction's template and schedule.</summary>
    /// <remarks>
    /// Transactions already posted stay as they are. A new rule, <c>startsOn</c> or <c>endsOn</c> goes on after the last day
    /// posted or skipped, so no day is posted twice and none dealt with is posted again.
    /// </remarks>
    /// <param name="id">Its id.</param>
    /// <param name="request">The template, the rule, the first and last day.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the update happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The recurring transaction, with its new <c>ETag</c>.</response>
    /// <response code="400">A field is invalid; <c>errors</c> names it.</response>
    /// <response code="404">You have none with this id.</response>
    /// <response code="412">It changed since the version in <c>If-Match</c>.</response>
    [HttpPut("{id:guid}")]
    [EndpointName("updateRecurring")]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<RecurringResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<RecurringResponse>> Update(
        Guid id, RecurringRequest request, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken) =>
        await service.UpdateAsync(id, request, IfMatch.Parse(ifMatch), cancellationToken);

    /// <summary>Deletes a recurring transaction; the transactions it posted stay.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the delete happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="400"><c>If-Match</c> is malformed.</response>
    /// <response code="404">You have none with this id.</response>
    /// <response code="412">It changed since the version in <c>If-Match</c>.</response>
    [HttpDelete("{id:guid}")]
    [EndpointName("deleteRecurring")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(Guid id, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(id, IfMatch.Parse(ifMatch), cancellationToken);
        return NoContent();
    }

    /// <summary>The days of a recurring transaction in a range, each posted, skipped, due or upcoming.</summary>
    /// <remarks>At most 366 days; from today to a year on when neither end is given.</remarks>
    /// <param name="id">Its id.</param>
    /// <param name="range">From and to, inclusive (YYYY-MM-DD).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The days, in order.</response>
    /// <response code="400">A bad date, or a range longer than 366 days; <c>errors</c> names it.</response>
    /// <response code="404">You have none with this id.</response>
    [HttpGet("{id:guid}/occurrences")]
    [EndpointName("listOccurrences")]
    [ProducesResponseType<OccurrenceListResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<OccurrenceListResponse>> Occurrences(Guid id, [FromQuery] DateRangeQuery range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        return await service.OccurrencesAsync(id, range.FromDate, range.ToDate, cancellationToken);
    }

    /// <summary>Skips one day, posts a skipped day again, or changes what one day posts.</summary>
    /// <remarks><c>{ "skip": true }</c> skips it; <c>{ "skip": false }</c> posts it again; <c>{ "amount": 120, "description": "Rent and heating" }</c> posts that instead of the template's.</remarks>
    /// <param name="id">Its id.</param>
    /// <param name="date">A day of the rule (YYYY-MM-DD).</param>
    /// <param name="request">Skip, or the override.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The day as it stands now.</response>
    /// <response code="400">The date or a field is invalid, or skip comes with an override; <c>errors</c> names it.</response>
    /// <response code="404">You have no such recurring transaction, or the day is not one of its days.</response>
    /// <response code="409">The day is already posted.</response>
    [HttpPut("{id:guid}/occurrences/{date}")]
    [EndpointName("updateOccurrence")]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<OccurrenceResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<OccurrenceResponse>> SetOccurrence(
        Guid id, [SchemaLimits(MinLength = 10, MaxLength = 10, Pattern = DatePattern)] string date, OccurrenceRequest request, CancellationToken cancellationToken) =>
        await service.SetOccurrenceAsync(id, Day(date), request, cancellationToken);

    /// <summary>Posts one day now.</summary>
    /// <remarks>
    /// For rules without <c>autoPost</c> (or a day you want posted early): the transaction is dated on the day, with the
    /// day's override, and its <c>externalId</c> is <c>recurring:{id}:{YYYY-MM-DD}</c>.
    /// </remarks>
    /// <param name="id">Its id.</param>
    /// <param name="date">A day of the rule (YYYY-MM-DD).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The transaction, with its <c>Location</c> and <c>Cashman-Change-Cursor</c>.</response>
    /// <response code="400">The date is invalid, or the template no longer makes a valid transaction (an archived account).</response>
    /// <response code="404">You have no such recurring transaction, or the day is not one of its days.</response>
    /// <response code="409">The day is already posted.</response>
    [HttpPost("{id:guid}/occurrences/{date}/post")]
    [EndpointName("postOccurrence")]
    [ChangeCursorFilter]
    [ProducesResponseType<TransactionResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<TransactionResponse>> Post(
        Guid id, [SchemaLimits(MinLength = 10, MaxLength = 10, Pattern = DatePattern)] string date, CancellationToken cancellationToken)
    {
        var posted = await service.PostOneAsync(id, Day(date), cancellationToken);
        return Created(urls.For(Request, $"/{posted.Type}s/{posted.Id}"), posted);
    }

    /// <summary>Every day whose turn has come and that is not posted or skipped yet, earliest first.</summary>
    /// <remarks>Days of rules without <c>autoPost</c> wait here until posted or skipped; a self-posting rule's days appear only while posting them fails (an archived account).</remarks>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">At most 1,000 days, and whether more wait.</response>
    [HttpGet("due")]
    [EndpointName("listDueOccurrences")]
    [ProducesResponseType<DueListResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<DueListResponse>> Due(CancellationToken cancellationToken) =>
        await service.DueAsync(cancellationToken);

    private static DateOnly Day(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw DomainValidationException.For("date", "The date must be a real day, YYYY-MM-DD.");
}
