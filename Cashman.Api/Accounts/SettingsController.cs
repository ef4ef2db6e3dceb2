using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Accounts;

/// <summary>The caller's settings, as sent and returned.</summary>
public sealed record SettingsDocument
{
    /// <summary>What reports are in (ISO 4217). Changing it rewrites nothing: reports recompute.</summary>
    /// <example>EUR</example>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? BaseCurrency { get; init; }

    /// <summary>An IANA time zone; it decides what "today" is for you.</summary>
    /// <example>Europe/Berlin</example>
    [SchemaLimits(MinLength = 1, MaxLength = MoneyRules.TimeZoneMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? TimeZone { get; init; }

    /// <summary>Where a transaction without <c>accountId</c> goes: one of your accounts, not archived.</summary>
    public Guid? DefaultAccountId { get; init; }
}

/// <summary>The caller's base currency, time zone and default account: <c>/settings</c>.</summary>
[ApiController]
[Authorize]
[Route("settings")]
[Tags("Settings")]
public sealed class SettingsController(SettingsService settings) : ControllerBase
{
    /// <summary>Gets your settings.</summary>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The settings.</response>
    [HttpGet]
    [EndpointName("getSettings")]
    [ProducesResponseType<SettingsDocument>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<SettingsDocument>> Get(CancellationToken cancellationToken) =>
        await settings.GetAsync(cancellationToken);

    /// <summary>Changes your settings.</summary>
    /// <remarks>A field left out keeps its value.</remarks>
    /// <param name="request">Base currency, time zone, default account.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The settings now.</response>
    /// <response code="400">An unknown currency or time zone, or an account that is not yours (or archived); <c>errors</c> names it.</response>
    [HttpPut]
    [EndpointName("updateSettings")]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<SettingsDocument>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<SettingsDocument>> Put(SettingsDocument request, CancellationToken cancellationToken) =>
        await settings.UpdateAsync(request, cancellationToken);
}

/// <summary>Reads and changes the caller's settings; every query names the caller.</summary>
public sealed class SettingsService(CashmanDbContext db, RequestTransaction requestTransaction, CurrentUser currentUser, NewTransactions clock)
{
    public async Task<SettingsDocument> GetAsync(CancellationToken cancellationToken) =>
        Document(await FindAsync(tracked: false, cancellationToken));

    public async Task<SettingsDocument> UpdateAsync(SettingsDocument request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = await FindAsync(tracked: true, cancellationToken);
        var owner = currentUser.Id;
        var defaultAccount = request.DefaultAccountId ?? settings.DefaultAccountId;
        var errors = UserSettings.Validate(request.BaseCurrency ?? settings.BaseCurrency, request.TimeZone ?? settings.TimeZone);
        if (!await db.Accounts.AnyAsync(a => a.UserId == owner && a.Id == defaultAccount && !a.Archived, cancellationToken))
        {
            errors["defaultAccountId"] = [AccountBook.UnknownAccount];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        var zone = settings.TimeZone;
        var now = clock.Now();
        settings.Update(request.BaseCurrency ?? settings.BaseCurrency, request.TimeZone ?? settings.TimeZone, defaultAccount, now);
        await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                if (settings.TimeZone != zone)
                {
                    // A day begins at another instant now: the rules that post by themselves are due then. Under the owner's
                    // lock, which their posting takes too.
                    await context.LockOwnerAsync(owner, c);
                    foreach (var rule in await context.RecurringTransactions.Where(r => r.UserId == owner && r.NextDueAt != null).ToListAsync(c))
                    {
                        rule.MoveTo(rule.NextOn, settings.TimeZone);
                    }
                }

                return await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
            },
            (context, c) => context.UserSettings.AnyAsync(s => s.UserId == owner && s.UpdatedAt == now, c),
            cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
        return Document(settings);
    }

    private async Task<UserSettings> FindAsync(bool tracked, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var settings = tracked ? db.UserSettings : db.UserSettings.AsNoTracking();
        return await settings.SingleOrDefaultAsync(s => s.UserId == owner, cancellationToken)
            ?? throw new AuthenticationFailedException(AuthenticationFailedException.OwnerGone);
    }

    private static SettingsDocument Document(UserSettings settings) =>
        new() { BaseCurrency = settings.BaseCurrency, TimeZone = settings.TimeZone, DefaultAccountId = settings.DefaultAccountId };
}
