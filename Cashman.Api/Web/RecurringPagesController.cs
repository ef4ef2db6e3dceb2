using Cashman.Api.Accounts;
using Cashman.Api.Recurring;
using Cashman.Domain.Money;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>Recurring rules with their next days, what is due, and posting or skipping a day.</summary>
public sealed class RecurringPagesController(RecurringService recurring, MoneyAccounts accounts, CallerAccounts caller, TimeProvider time) : PageController
{
    /// <summary>Common rules offered beside a free RFC 5545 rule.</summary>
    public static readonly IReadOnlyList<(string Rule, string Label)> Presets =
    [
        ("FREQ=MONTHLY", "every month on the first day's date"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "the last day of every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "the 31st, or the month's last day"),
        ("FREQ=WEEKLY", "every week"),
        ("FREQ=WEEKLY;INTERVAL=2", "every other week"),
        ("FREQ=YEARLY", "every year"),
        ("FREQ=DAILY", "every day"),
    ];

    [HttpGet("recurring")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) => PageAsync(new RecurringForm(), cancellationToken);

    [HttpPost("recurring")]
    public Task<IActionResult> Create(RecurringForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var created = await recurring.CreateAsync(form.ToRequest(), cancellationToken);
                return BackTo("/recurring", $"Rule added: {created.Template.Description}, next on {(created.NextOn is { } next ? Display.Day(next) : "no day")}.");
            },
            () => PageAsync(form, cancellationToken));

    [HttpPost("recurring/{id:guid}/delete")]
    public Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await recurring.DeleteAsync(id, null, cancellationToken);
                return BackTo("/recurring", "Rule deleted; what it posted stays.");
            },
            () => PageAsync(new RecurringForm(), cancellationToken));

    /// <summary>Posts a due day now (409 on the page when it was posted meanwhile).</summary>
    [HttpPost("recurring/{id:guid}/occurrences/{date}/post")]
    public Task<IActionResult> Post(Guid id, DateOnly date, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var posted = await recurring.PostOneAsync(id, date, cancellationToken);
                return BackTo("/recurring", $"Posted: {posted.Description}, {Display.Money(posted.Amount, posted.Currency)} on {Display.Day(posted.OccurredOn)}.");
            },
            () => PageAsync(new RecurringForm(), cancellationToken));

    [HttpPost("recurring/{id:guid}/occurrences/{date}/skip")]
    public Task<IActionResult> Skip(Guid id, DateOnly date, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await recurring.SetOccurrenceAsync(id, date, new OccurrenceRequest { Skip = true }, cancellationToken);
                return BackTo("/recurring", $"{Display.Day(date)} skipped.");
            },
            () => PageAsync(new RecurringForm(), cancellationToken));

    private async Task<IActionResult> PageAsync(RecurringForm form, CancellationToken cancellationToken)
    {
        var (rules, _) = await recurring.ListAsync(cancellationToken);
        var (list, _) = await accounts.ListAsync(archived: false, cancellationToken);
        var today = MoneyRules.Today(time.GetUtcNow(), (await caller.SettingsAsync(cancellationToken)).TimeZone);
        var next = new Dictionary<Guid, IReadOnlyList<OccurrenceResponse>>();
        foreach (var rule in rules.Items)
        {
            var days = await recurring.OccurrencesAsync(rule.Id, today, today.AddDays(RecurringModel.LookAheadDays), cancellationToken);
            next[rule.Id] = [.. days.Items.Where(d => d.Status is "due" or "upcoming").Take(3)];
        }

        var due = await recurring.DueAsync(cancellationToken);
        return View("Index", new RecurringModel(rules.Items, next, due, list.Items, form));
    }
}

public sealed record RecurringModel(
    IReadOnlyList<RecurringResponse> Rules,
    IReadOnlyDictionary<Guid, IReadOnlyList<OccurrenceResponse>> Next,
    DueListResponse Due,
    IReadOnlyList<AccountResponse> Accounts,
    RecurringForm Form)
{
    public const int LookAheadDays = 365;

    public string AccountName(Guid id) => Accounts.FirstOrDefault(a => a.Id == id)?.Name ?? string.Empty;
}

/// <summary>A recurring rule as its form sends it.</summary>
public sealed record RecurringForm
{
    public string Type { get; init; } = "expense";

    public Guid? AccountId { get; init; }

    public Guid? ToAccountId { get; init; }

    public string? Amount { get; init; }

    public string? ToAmount { get; init; }

    public string? Description { get; init; }

    public string? Category { get; init; }

    public string? Rule { get; init; }

    public DateOnly? StartsOn { get; init; }

    public DateOnly? EndsOn { get; init; }

    public bool AutoPost { get; init; }

    public RecurringRequest ToRequest() => new()
    {
        Template = new RecurringTemplate
        {
            Type = Type,
            AccountId = AccountId,
            ToAccountId = Type == "transfer" ? ToAccountId : null,
            Amount = TransactionForm.ParseAmount(Amount, "template.amount"),
            ToAmount = Type == "transfer" ? TransactionForm.ParseAmount(ToAmount, "template.toAmount") : null,
            Description = Description,
            Category = Type == "transfer" || string.IsNullOrWhiteSpace(Category) ? null : Category,
        },
        Rule = Rule,
        StartsOn = StartsOn,
        EndsOn = EndsOn,
        AutoPost = AutoPost,
    };
}
