using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Accounts;

/// <summary>Where the caller's money is kept: <c>/accounts</c>.</summary>
[ApiController]
[Authorize]
[Route("accounts")]
[Tags("Accounts")]
public sealed class AccountsController(MoneyAccounts service, AccountBalances balances) : ControllerBase
{
    /// <summary>Lists your accounts, whole, by name.</summary>
    /// <remarks>Archived accounts only with <c>archived=true</c>. The <c>ETag</c> changes with any balance: send it as <c>If-None-Match</c> for a 304.</remarks>
    /// <param name="archived">Include archived accounts.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Every account.</response>
    /// <response code="304">Nothing changed since the <c>ETag</c> in <c>If-None-Match</c>.</response>
    /// <response code="400">A query parameter is invalid or unknown.</response>
    [HttpGet]
    [EndpointName("listAccounts")]
    [ProducesResponseType<AccountListResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<ActionResult<AccountListResponse>> List([FromQuery] bool archived = false, CancellationToken cancellationToken = default)
    {
        var (list, etag) = await service.ListAsync(archived, cancellationToken);
        return this.WithETag(list, etag);
    }

    /// <summary>Opens an account.</summary>
    /// <param name="request">Name, kind, currency, optional number and opening balance.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The account, with its <c>Location</c> and <c>ETag</c>.</response>
    /// <response code="400">A field is invalid (an unknown currency, too many decimals for it); <c>errors</c> names it.</response>
    /// <response code="409">The name or number is taken, or you have 1,000 accounts.</response>
    /// <response code="422">The <c>Idempotency-Key</c> was already used with a different body.</response>
    [HttpPost]
    [EndpointName("createAccount")]
    [Idempotent]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<AccountResponse>> Create(AccountRequest request, CancellationToken cancellationToken)
    {
        var created = await service.CreateAsync(request, cancellationToken);
        return this.CreatedAtPublicUrl(nameof(GetById), new { id = created.Id }, created);
    }

    /// <summary>Where each account stands at the end of a day, converted to one currency.</summary>
    /// <remarks>
    /// Each balance is the opening balance (when <c>openingDate</c> is on or before <c>at</c>) plus every transaction and
    /// transfer dated on or before <c>at</c>, converted at that day's rate. A missing rate is listed in <c>missingRates</c>,
    /// with <c>complete: false</c>, and that account's <c>converted</c> is null; no rate is ever made up.
    /// </remarks>
    /// <param name="query">The day (default today in your time zone) and the currency (default your base currency).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The balances.</response>
    /// <response code="400">A query parameter is invalid or unknown; <c>errors</c> names it.</response>
    [HttpGet("balances")]
    [EndpointName("getAccountBalances")]
    [ProducesResponseType<AccountBalancesResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<AccountBalancesResponse>> Balances([FromQuery] AccountBalancesQuery query, CancellationToken cancellationToken) =>
        await balances.GetAsync(query, cancellationToken);

    /// <summary>Gets one account.</summary>
    /// <param name="id">The account's id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The account.</response>
    /// <response code="404">You have no account with this id.</response>
    [HttpGet("{id:guid}")]
    [EndpointName("getAccount")]
    [ETagFilter]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<AccountResponse>> GetById(Guid id, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken);

    /// <summary>Replaces an account's name, kind, currency, number, opening balance and archived flag.</summary>
    /// <remarks>
    /// Absent fields take their defaults, except <c>kind</c> and <c>currency</c>, which keep their values. The currency
    /// cannot change while the account holds a transaction (409); the default account cannot be archived (409).
    /// </remarks>
    /// <param name="id">The account's id.</param>
    /// <param name="request">The new values.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the update happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The account, with its new <c>ETag</c>.</response>
    /// <response code="400">A field is invalid; <c>errors</c> names it.</response>
    /// <response code="404">You have no account with this id.</response>
    /// <response code="409">The name or number is taken, the currency cannot change, or the default account would be archived.</response>
    /// <response code="412">The account changed since the version in <c>If-Match</c>.</response>
    [HttpPut("{id:guid}")]
    [EndpointName("updateAccount")]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<AccountResponse>> Update(
        Guid id, AccountRequest request, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken) =>
        await service.UpdateAsync(id, request, IfMatch.Parse(ifMatch), cancellationToken);

    /// <summary>Deletes an account.</summary>
    /// <remarks>
    /// An account that holds transactions is a 409 unless <c>moveTo</c> names another account of the same currency,
    /// which receives them first (each moved row is in the change feed). The default account is never deleted.
    /// </remarks>
    /// <param name="id">The account's id.</param>
    /// <param name="moveTo">Optional: the account that receives this one's transactions, transfers and recurring transactions.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the delete happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="400"><c>moveTo</c> is not another of your accounts in the same currency, or <c>If-Match</c> is malformed.</response>
    /// <response code="404">You have no account with this id.</response>
    /// <response code="409">It is the default account, or it holds transactions or recurring transactions and no <c>moveTo</c> was given.</response>
    /// <response code="412">The account changed since the version in <c>If-Match</c>.</response>
    [HttpDelete("{id:guid}")]
    [EndpointName("deleteAccount")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(
        Guid id, [FromQuery] Guid? moveTo, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(id, moveTo, IfMatch.Parse(ifMatch), cancellationToken);
        return NoContent();
    }
}
