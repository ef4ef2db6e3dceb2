using Cashman.Api.Accounts;
using Cashman.Api.Budgets;
using Cashman.Api.Categories;
using Cashman.Domain.Money;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>Categories (add, rename, move, rollover, delete) and a month's budgets against what was spent.</summary>
public sealed class BudgetPagesController(BudgetService budgets, CategoryService categories, CallerAccounts caller, TimeProvider time) : PageController
{
    public static readonly IReadOnlyList<string> Rollovers = ["none", "surplus", "all"];

    [HttpGet("budgets")]
    public async Task<IActionResult> Index([FromQuery] string? month, CancellationToken cancellationToken)
    {
        var first = await MonthAsync(month, cancellationToken);
        return await PageAsync(first, new CategoryForm(), cancellationToken);
    }

    /// <summary>Sets a category's budget for the month; an empty amount removes it.</summary>
    [HttpPost("budgets/{month}/{categoryId:guid}")]
    public Task<IActionResult> Set(string month, Guid categoryId, BudgetForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                if (string.IsNullOrWhiteSpace(form.Amount))
                {
                    await budgets.DeleteAsync(month, categoryId, cancellationToken);
                    return BackTo($"/budgets?month={month}", "Budget removed.");
                }

                var set = await budgets.SetAsync(month, categoryId, new BudgetRequest { Amount = TransactionForm.ParseAmount(form.Amount, "amount") }, cancellationToken);
                return BackTo($"/budgets?month={month}", $"Budget for {set.Path}: {Display.Money(set.Amount, set.Currency)}.");
            },
            async () => await PageAsync(await MonthAsync(month, cancellationToken), new CategoryForm(), cancellationToken));

    [HttpPost("budgets/{month}/copy")]
    public Task<IActionResult> Copy(string month, [FromQuery] string? from, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await budgets.CopyAsync(month, from, cancellationToken);
                return BackTo($"/budgets?month={month}", $"Budgets copied from {from}.");
            },
            async () => await PageAsync(await MonthAsync(month, cancellationToken), new CategoryForm(), cancellationToken));

    [HttpPost("categories")]
    public Task<IActionResult> CreateCategory(CategoryForm form, [FromQuery] string? month, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var created = await categories.CreateAsync(form.ToRequest(), cancellationToken);
                return BackTo($"/budgets?month={month}", $"Category {created.Path} added.");
            },
            async () => await PageAsync(await MonthAsync(month, cancellationToken), form, cancellationToken));

    [HttpGet("categories/{id:guid}")]
    public async Task<IActionResult> EditCategory(Guid id, CancellationToken cancellationToken) =>
        await CategoryPageAsync(CategoryForm.Of(await categories.GetAsync(id, cancellationToken)), cancellationToken);

    [HttpPost("categories/{id:guid}")]
    public Task<IActionResult> UpdateCategory(Guid id, CategoryForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var updated = await categories.UpdateAsync(id, form.ToRequest(), form.IfMatch, cancellationToken);
                return BackTo("/budgets", $"Category {updated.Path} saved.");
            },
            async () => await CategoryPageAsync(
                IsStale ? CategoryForm.Of(await categories.GetAsync(id, cancellationToken)) : form with { Id = id }, cancellationToken));

    /// <summary>Deletes a category; one in use needs somewhere for its transactions to go (another category, or none).</summary>
    [HttpPost("categories/{id:guid}/delete")]
    public Task<IActionResult> DeleteCategory(Guid id, CategoryForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await categories.DeleteAsync(id, string.IsNullOrEmpty(form.ReassignTo) ? null : form.ReassignTo, form.IfMatch, cancellationToken);
                return BackTo("/budgets", "Category deleted.");
            },
            async () => await CategoryPageAsync(CategoryForm.Of(await categories.GetAsync(id, cancellationToken)), cancellationToken));

    private async Task<IActionResult> CategoryPageAsync(CategoryForm form, CancellationToken cancellationToken)
    {
        var (list, _) = await categories.ListAsync(cancellationToken);
        return View("Category", new CategoryModel(form, list.Items));
    }

    private async Task<DateOnly> MonthAsync(string? month, CancellationToken cancellationToken) =>
        MonthOrThisOne(month, MoneyRules.Today(time.GetUtcNow(), (await caller.SettingsAsync(cancellationToken)).TimeZone));

    private async Task<IActionResult> PageAsync(DateOnly month, CategoryForm newCategory, CancellationToken cancellationToken)
    {
        var report = await budgets.GetAsync(BudgetMonth.Format(month), cancellationToken);
        var (list, _) = await categories.ListAsync(cancellationToken);
        return View("Index", new BudgetsModel(month, report, list.Items, newCategory));
    }
}

public sealed record BudgetsModel(DateOnly Month, BudgetMonthResponse Report, IReadOnlyList<CategoryResponse> Categories, CategoryForm NewCategory)
{
    public string Key => BudgetMonth.Format(Month);

    public string Previous => BudgetMonth.Format(Month.AddMonths(-1));

    public string Next => BudgetMonth.Format(Month.AddMonths(1));

    /// <summary>Every category with its line of the month (zeros where it has neither budget nor spending).</summary>
    public IEnumerable<(CategoryResponse Category, BudgetLine? Line)> Lines =>
        Categories.Select(c => (c, Report.Categories.FirstOrDefault(l => l.CategoryId == c.Id)));
}

public sealed record CategoryModel(CategoryForm Form, IReadOnlyList<CategoryResponse> Categories);

public sealed record BudgetForm
{
    public string? Amount { get; init; }
}

/// <summary>A category as its forms send it.</summary>
public sealed record CategoryForm
{
    public Guid? Id { get; init; }

    public string? Name { get; init; }

    public Guid? ParentId { get; init; }

    public string? Rollover { get; init; }

    /// <summary>On delete: <c>none</c> or another category's id.</summary>
    public string? ReassignTo { get; init; }

    public Guid? Version { get; init; }

    public Http.IfMatch? IfMatch => Http.IfMatch.ForVersion(Version);

    public static CategoryForm Of(CategoryResponse c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CategoryForm { Id = c.Id, Name = c.Name, ParentId = c.ParentId, Rollover = c.Rollover, Version = c.Version };
    }

    public CategoryRequest ToRequest() => new() { Name = Name, ParentId = ParentId, Rollover = string.IsNullOrEmpty(Rollover) ? null : Rollover };
}
