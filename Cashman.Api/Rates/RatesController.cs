using System.Text;
using Cashman.Api.Http;
using Cashman.Api.Imports;
using Cashman.Api.OpenApi;
using Cashman.Domain.Money;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Rates;

/// <summary>Exchange rates: <c>/rates</c>. Your own rates win over the shared ones of the same day, pair and direction.</summary>
[ApiController]
[Authorize]
[Route("rates")]
[Tags("Rates")]
public sealed class RatesController(RateService rates) : ControllerBase
{
    /// <summary>Lists the rates you see: your own and the shared ones, newest first.</summary>
    /// <param name="query">Pair, days and paging.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">One page of rates, each with its <c>source</c>.</response>
    /// <response code="400">A query parameter is invalid or unknown; <c>errors</c> names it.</response>
    [HttpGet]
    [EndpointName("listRates")]
    [ProducesResponseType<PagedResponse<RateResponse>>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<PagedResponse<RateResponse>>> List([FromQuery] RateListQuery query, CancellationToken cancellationToken) =>
        this.ToPagedResponse(await rates.ListAsync(query, cancellationToken));

    /// <summary>Adds or replaces your own rates.</summary>
    /// <remarks>1 to 1,000 rates <c>{ date, base, quote, rate }</c> (1 base = rate quote), stored all or none.</remarks>
    /// <param name="request">The rates.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">How many rates were stored.</response>
    /// <response code="400">A rate is invalid (zero, an unknown currency, a day that does not exist); <c>errors</c> names it.</response>
    [HttpPut]
    [EndpointName("putRates")]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<RatesWritten>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<RatesWritten>> Put(RatesRequest request, CancellationToken cancellationToken) =>
        await rates.PutAsync(request, cancellationToken);

    /// <summary>Adds or replaces your own rates from a file in the ECB's format.</summary>
    /// <remarks>
    /// A <c>text/csv</c> body like the ECB's <c>eurofxref-hist.csv</c>: a <c>Date</c> column, then one column per currency
    /// with the value of 1 EUR; <c>N/A</c> or an empty cell is no rate. Stored all or none.
    /// </remarks>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">How many rates were stored.</response>
    /// <response code="400">The file is not in that format; <c>errors</c> names the line.</response>
    [HttpPost("import")]
    [EndpointName("importRates")]
    [RequestSizeLimit(ImportService.MaxBytes)]
    [RequestBodyType(CsvBody.MediaType)]
    [ProducesResponseType<RatesWritten>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<RatesWritten>> Import(CancellationToken cancellationToken)
    {
        CsvBody.RequireUtf8(Request);

        using var reader = new StreamReader(Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
        return await rates.ImportAsync(reader, cancellationToken);
    }

    /// <summary>Deletes one of your own rates.</summary>
    /// <param name="date">The rate's day.</param>
    /// <param name="base">Its base currency.</param>
    /// <param name="quote">Its quote currency.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">You have no such rate (shared rates are the operator's).</response>
    [HttpDelete("{date}/{base}/{quote}")]
    [EndpointName("deleteRate")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(
        [SchemaLimits(MaxLength = 10)] string date,
        [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)] string @base,
        [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)] string quote,
        CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return NotFound();
        }

        await rates.DeleteAsync(day, @base, quote, cancellationToken);
        return NoContent();
    }
}
