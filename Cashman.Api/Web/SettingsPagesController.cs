using Cashman.Api.Accounts;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>Settings: base currency, time zone and default account; API keys; the password; erasing the user.</summary>
public sealed class SettingsPagesController(
    SettingsService settings,
    MoneyAccounts accounts,
    ApiKeyService apiKeys,
    AccountService users) : PageController
{
    [HttpGet("settings")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) => PageAsync(null, null, cancellationToken);

    [HttpPost("settings")]
    public Task<IActionResult> Update(SettingsDocument form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await settings.UpdateAsync(form, cancellationToken);
                return BackTo("/settings", "Settings saved.");
            },
            () => PageAsync(form, null, cancellationToken));

    /// <summary>Creates an API key and shows it this once (it is stored only as a hash).</summary>
    [HttpPost("settings/api-keys")]
    public Task<IActionResult> CreateKey(CreateApiKeyRequest form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () => await PageAsync(null, await apiKeys.CreateAsync(form, cancellationToken), cancellationToken),
            () => PageAsync(null, null, cancellationToken));

    [HttpPost("settings/api-keys/{id:guid}/delete")]
    public async Task<IActionResult> RevokeKey(Guid id, CancellationToken cancellationToken)
    {
        await apiKeys.RevokeAsync(id, cancellationToken);
        return BackTo("/settings", "API key revoked.");
    }

    /// <summary>Changes the password; every other login ends, this one stays signed in.</summary>
    [HttpPost("settings/password")]
    public Task<IActionResult> ChangePassword(ChangePasswordRequest form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await users.ChangePasswordAsync(form, cancellationToken);
                return BackTo("/settings", "Password changed. Every other login has ended.");
            },
            () => PageAsync(null, null, cancellationToken));

    /// <summary>Erases the user and everything they own, once their password confirms it, and signs the browser out.</summary>
    [HttpPost("settings/erase")]
    public Task<IActionResult> Erase(DeleteAccountRequest form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await users.DeleteAccountAsync(form, cancellationToken);
                await HttpContext.SignOutAsync(WebSession.Scheme);
                return BackTo("/login", "Your user and all its data have been erased.");
            },
            () => PageAsync(null, null, cancellationToken));

    private async Task<IActionResult> PageAsync(SettingsDocument? form, ApiKeyCreatedResponse? newKey, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken);
        var (list, _) = await accounts.ListAsync(archived: false, cancellationToken);
        var keys = await apiKeys.ListAsync(cancellationToken);
        var me = await users.MeAsync(cancellationToken);
        return View("Index", new SettingsModel(me.Email, form ?? current, list.Items, keys, newKey));
    }
}

public sealed record SettingsModel(
    string Email,
    SettingsDocument Settings,
    IReadOnlyList<AccountResponse> Accounts,
    IReadOnlyList<ApiKeyResponse> Keys,
    ApiKeyCreatedResponse? NewKey)
{
    /// <summary>The zones offered (the user may type any IANA zone).</summary>
    public static IReadOnlyList<string> Zones { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];
}
