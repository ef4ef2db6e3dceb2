using Cashman.Api.Accounts;
using Cashman.Api.Transactions;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>Accounts (add, edit, archive, delete) and transfers between them.</summary>
public sealed class AccountPagesController(MoneyAccounts accounts, TransactionService transactions, CallerAccounts caller) : PageController
{
    public static readonly IReadOnlyList<string> Kinds = [.. Enum.GetValues<AccountKind>().Select(MoneyRules.KindName)];

    [HttpGet("accounts")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) => PageAsync(new AccountForm(), new TransactionForm { Type = "transfer" }, cancellationToken);

    [HttpPost("accounts")]
    public Task<IActionResult> Create(AccountForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var created = await accounts.CreateAsync(form.ToRequest(), cancellationToken);
                return BackTo("/accounts", $"Account {created.Name} added.");
            },
            () => PageAsync(form, new TransactionForm { Type = "transfer" }, cancellationToken));

    [HttpPost("transfers")]
    public Task<IActionResult> Transfer(TransactionForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var created = await transactions.CreateAsync(TransactionKind.Transfer, (form with { Type = "transfer" }).ToInput(), cancellationToken);
                return BackTo("/accounts", $"Transferred {Display.Money(created.Amount, created.Currency)}.");
            },
            () => PageAsync(new AccountForm(), form with { Type = "transfer" }, cancellationToken));

    [HttpGet("accounts/{id:guid}")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken) =>
        View("Edit", AccountForm.Of(await accounts.GetAsync(id, cancellationToken)));

    /// <summary>Saves an edit only if the account is still the version the form was opened on.</summary>
    [HttpPost("accounts/{id:guid}")]
    public Task<IActionResult> Update(Guid id, AccountForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var updated = await accounts.UpdateAsync(id, form.ToRequest(), form.IfMatch, cancellationToken);
                return BackTo("/accounts", $"Account {updated.Name} saved.");
            },
            async () => View("Edit", IsStale ? AccountForm.Of(await accounts.GetAsync(id, cancellationToken)) : form with { Id = id }));

    [HttpPost("accounts/{id:guid}/delete")]
    public Task<IActionResult> Delete(Guid id, AccountForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await accounts.DeleteAsync(id, form.MoveTo, form.IfMatch, cancellationToken);
                return BackTo("/accounts", "Account deleted.");
            },
            async () => View("Edit", AccountForm.Of(await accounts.GetAsync(id, cancellationToken))));

    private async Task<IActionResult> PageAsync(AccountForm account, TransactionForm transfer, CancellationToken cancellationToken)
    {
        var (list, _) = await accounts.ListAsync(archived: true, cancellationToken);
        var settings = await caller.SettingsAsync(cancellationToken);
        return View("Index", new AccountsModel(list.Items, settings.DefaultAccountId, account, transfer));
    }
}

public sealed record AccountsModel(IReadOnlyList<AccountResponse> Accounts, Guid DefaultAccountId, AccountForm NewAccount, TransactionForm Transfer)
{
    public IEnumerable<AccountResponse> Open => Accounts.Where(a => !a.Archived);
}

/// <summary>An account as its forms send it.</summary>
public sealed record AccountForm
{
    public Guid? Id { get; init; }

    public string? Name { get; init; }

    public string? Kind { get; init; }

    public string? Currency { get; init; }

    public string? Number { get; init; }

    public string? OpeningBalance { get; init; }

    public DateOnly? OpeningDate { get; init; }

    public bool Archived { get; init; }

    /// <summary>Where a deleted account's transactions go.</summary>
    public Guid? MoveTo { get; init; }

    public Guid? Version { get; init; }

    public Http.IfMatch? IfMatch => Http.IfMatch.ForVersion(Version);

    public static AccountForm Of(AccountResponse a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new AccountForm
        {
            Id = a.Id,
            Name = a.Name,
            Kind = a.Kind,
            Currency = a.Currency,
            Number = a.Number,
            OpeningBalance = Display.Input(a.OpeningBalance, a.Currency),
            OpeningDate = a.OpeningDate,
            Archived = a.Archived,
            Version = a.Version,
        };
    }

    public AccountRequest ToRequest() => new()
    {
        Name = Name,
        Kind = string.IsNullOrWhiteSpace(Kind) ? null : Kind,
        Currency = string.IsNullOrWhiteSpace(Currency) ? null : Currency.Trim(),
        Number = string.IsNullOrWhiteSpace(Number) ? null : Number,
        OpeningBalance = TransactionForm.ParseAmount(OpeningBalance, "openingBalance"),
        OpeningDate = OpeningDate,
        Archived = Archived,
    };
}
