using System.Globalization;
using Cashman.Api.Accounts;
using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>The transactions: the list with the API's filters and paging, and add, edit (with the row's version) and delete.</summary>
public sealed class TransactionPagesController(TransactionService service, TransactionReads reads, MoneyAccounts accounts) : PageController
{
    private const string KindPattern = "{type:regex(^(income|expense|transfer)$)}";

    [HttpGet("transactions")]
    public async Task<IActionResult> Index([FromQuery] TransactionListQuery query, CancellationToken cancellationToken)
    {
        var (list, _) = await accounts.ListAsync(archived: true, cancellationToken);
        // An invalid filter is named on the page (as the API's 400 would name it), and nothing is listed.
        Page<TransactionResponse>? page = null;
        if (ModelState.IsValid)
        {
            page = await reads.ListAsync(TransactionKindNames.Parse(query.Type), query, cancellationToken);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return View(new TransactionListModel(query, page, list.Items));
    }

    [HttpGet("transactions/new")]
    public async Task<IActionResult> New([FromQuery] string? type, CancellationToken cancellationToken) =>
        await FormAsync(new TransactionForm { Type = type is "income" or "transfer" ? type : "expense" }, cancellationToken);

    [HttpPost("transactions/new")]
    public Task<IActionResult> Create(TransactionForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var created = await service.CreateAsync(form.Kind, form.ToInput(), cancellationToken);
                return BackTo("/transactions", $"Saved: {created.Description}, {Display.Money(created.Amount, created.Currency)}.");
            },
            () => FormAsync(form, cancellationToken));

    [HttpGet("transactions/" + KindPattern + "/{id:guid}")]
    public async Task<IActionResult> Edit(string type, Guid id, CancellationToken cancellationToken) =>
        await FormAsync(TransactionForm.Of(await reads.GetAsync(TransactionForm.KindOf(type), id, cancellationToken)), cancellationToken);

    /// <summary>Saves an edit only if the row is still the version the form was opened on; otherwise shows the row as it is now.</summary>
    [HttpPost("transactions/" + KindPattern + "/{id:guid}")]
    public Task<IActionResult> Update(string type, Guid id, TransactionForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var updated = await service.UpdateAsync(TransactionForm.KindOf(type), id, form.ToInput(), form.IfMatch, cancellationToken);
                return BackTo("/transactions", $"Saved: {updated.Description}, {Display.Money(updated.Amount, updated.Currency)}.");
            },
            async () => await FormAsync(
                IsStale ? TransactionForm.Of(await reads.GetAsync(TransactionForm.KindOf(type), id, cancellationToken)) : form with { Type = type, Id = id },
                cancellationToken));

    [HttpPost("transactions/" + KindPattern + "/{id:guid}/delete")]
    public Task<IActionResult> Delete(string type, Guid id, TransactionForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await service.DeleteAsync(TransactionForm.KindOf(type), id, form.IfMatch, cancellationToken);
                return BackTo("/transactions", "Deleted.");
            },
            async () => await FormAsync(
                TransactionForm.Of(await reads.GetAsync(TransactionForm.KindOf(type), id, cancellationToken)), cancellationToken));

    private async Task<IActionResult> FormAsync(TransactionForm form, CancellationToken cancellationToken)
    {
        var (list, _) = await accounts.ListAsync(archived: false, cancellationToken);
        return View("Form", new TransactionFormModel(form, list.Items));
    }
}

public sealed record TransactionListModel(TransactionListQuery Query, Page<TransactionResponse>? Page, IReadOnlyList<AccountResponse> Accounts)
{
    public string AccountName(Guid id) => Accounts.FirstOrDefault(a => a.Id == id)?.Name ?? string.Empty;

    /// <summary>The list's link to another page, keeping every filter.</summary>
    public string PageLink(int page)
    {
        var values = new Dictionary<string, string?>
        {
            ["from"] = Query.From,
            ["to"] = Query.To,
            ["q"] = Query.Q,
            ["category"] = Query.Category,
            ["type"] = Query.Type,
            ["accountId"] = Query.AccountId?.ToString(),
            ["minAmount"] = Query.MinAmount?.ToString(CultureInfo.InvariantCulture),
            ["maxAmount"] = Query.MaxAmount?.ToString(CultureInfo.InvariantCulture),
            ["sort"] = Query.Sort,
            ["pageSize"] = Query.PageSize == ListQuery.DefaultPageSize ? null : Query.PageSize.ToString(CultureInfo.InvariantCulture),
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            WebSetup.PathBase + "/transactions", values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }
}

public sealed record TransactionFormModel(TransactionForm Form, IReadOnlyList<AccountResponse> Accounts);

/// <summary>
/// A transaction as the form sends it. Amounts are text read in the invariant culture (a browser's number field sends
/// <c>12.50</c> whatever the user's locale), so that the domain's rules, not MVC's binding, judge them.
/// </summary>
public sealed record TransactionForm
{
    public Guid? Id { get; init; }

    public string Type { get; init; } = "expense";

    public Guid? AccountId { get; init; }

    public Guid? ToAccountId { get; init; }

    public string? Amount { get; init; }

    public string? ToAmount { get; init; }

    public string? Description { get; init; }

    public string? Category { get; init; }

    public DateOnly? OccurredOn { get; init; }

    /// <summary>The version the form was opened on (its ETag).</summary>
    public Guid? Version { get; init; }

    public TransactionKind Kind => KindOf(Type);

    public IfMatch? IfMatch => IfMatch.ForVersion(Version);

    public static TransactionKind KindOf(string? type) =>
        TransactionKindNames.Parse(type) ?? throw new DomainValidationException(new Dictionary<string, string[]>
        {
            ["type"] = ["The type must be 'income', 'expense' or 'transfer'."],
        });

    public static TransactionForm Of(TransactionResponse t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new TransactionForm
        {
            Id = t.Id,
            Type = t.Type,
            AccountId = t.AccountId,
            ToAccountId = t.ToAccountId,
            Amount = Display.Input(Math.Abs(t.Amount), t.Currency),
            ToAmount = t.ToAmount is { } to ? Display.Input(to, t.ToCurrency!) : null,
            Description = t.Description,
            Category = t.Category,
            OccurredOn = t.OccurredOn,
            Version = t.Version,
        };
    }

    public TransactionInput ToInput()
    {
        var amount = ParseAmount(Amount, "amount");
        var toAmount = ParseAmount(ToAmount, "toAmount");
        return Kind == TransactionKind.Transfer
            ? new TransactionInput(AccountId, Description, amount, null, OccurredOn, null, ToAccountId, toAmount)
            : new TransactionInput(AccountId, Description, amount, Blank(Category), OccurredOn, null);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>An amount field: empty is absent (the domain names it when required); anything but a plain number is a 400 naming it.</summary>
    public static decimal? ParseAmount(string? text, string field) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new DomainValidationException(new Dictionary<string, string[]>
                {
                    [field] = [$"The {field} must be a number such as 12.50."],
                });
}
