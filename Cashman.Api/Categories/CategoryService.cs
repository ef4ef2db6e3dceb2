using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Categories;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cashman.Api.Categories;

/// <summary>
/// The caller's categories. Every change that touches transactions (a rename, a move, a merge, a reassignment) runs in one
/// database transaction under the owner's lock, which every write of the owner takes first, and numbers each changed
/// transaction in the change feed (<see cref="CategoryRows"/>). Every query names the caller.
/// </summary>
public sealed class CategoryService(CashmanDbContext db, RequestTransaction requestTransaction, CurrentUser currentUser, NewTransactions newTransactions)
{
    public const string NameTaken = "You already have a category with this name under the same parent.";
    private const string None = "none";

    /// <summary>Every category, by path, with an ETag over the whole list (counts included).</summary>
    public async Task<(CategoryListResponse List, string ETag)> ListAsync(CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var categories = await db.Categories.AsNoTracking().Where(c => c.UserId == owner).ToListAsync(cancellationToken);
        var counts = await CountsAsync(null, cancellationToken);
        var list = new CategoryListResponse([.. categories
            .OrderBy(c => c.Path, StringComparer.OrdinalIgnoreCase)
            .Select(c => CategoryResponse.From(c, counts.GetValueOrDefault(c.Id)))]);
        return (list, WholeListETag.Of(list.Items.Select(c => new { c.Id, c.Version, c.TransactionCount })));
    }

    public async Task<CategoryResponse> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await ResponseAsync(await FindAsync(id, tracked: false, cancellationToken), cancellationToken);

    public async Task<CategoryResponse> CreateAsync(CategoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = currentUser.Id;
        var now = newTransactions.Now();
        var parent = await ParentAsync(request.ParentId, cancellationToken);
        var category = new Category(Guid.CreateVersion7(now), owner, request.Name, parent, ParseRollover(request.Rollover) ?? Rollover.None, now);
        db.Categories.Add(category);
        await SaveAsync(
            async (context, c) =>
            {
                // Counted under the owner's lock: two creations cannot both pass.
                await context.LockOwnerAsync(owner, c);
                if (await context.Categories.CountAsync(x => x.UserId == owner, c) >= CategoryRules.MaxPerUser)
                {
                    throw new ConflictException($"You have {CategoryRules.MaxPerUser} categories, the most a user may have.");
                }

                await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
                return 0;
            },
            (context, c) => context.Categories.AnyAsync(x => x.UserId == owner && x.Id == category.Id, c),
            cancellationToken);
        return CategoryResponse.From(category, 0);
    }

    /// <summary>
    /// Renames or moves a category, with its rollover. When its path changes, so do its children's and the path of every
    /// transaction in it or in them, each numbered in the change feed, in the same database transaction.
    /// </summary>
    public async Task<CategoryResponse> UpdateAsync(Guid id, CategoryRequest request, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = currentUser.Id;
        var category = await FindAsync(id, tracked: true, cancellationToken);
        ifMatch?.Check(category.Version);
        var parent = request.ParentId == id ? category : await ParentAsync(request.ParentId, cancellationToken);
        var children = await db.Categories.Where(c => c.UserId == owner && c.ParentId == id).ToListAsync(cancellationToken);
        var now = newTransactions.Now();
        var oldPath = category.Path;
        category.Update(request.Name, parent, ParseRollover(request.Rollover) ?? category.Rollover, children.Count > 0, now);
        var renamed = !string.Equals(oldPath, category.Path, StringComparison.Ordinal);
        long changeSeq = 0;
        if (renamed)
        {
            children.ForEach(c => c.ParentRenamed(category, now));
        }

        try
        {
            await SaveAsync(
                async (context, c) =>
                {
                    await context.LockOwnerAsync(owner, c);
                    await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
                    if (renamed)
                    {
                        foreach (var moved in children.Prepend(category))
                        {
                            await context.MoveAsync(owner, moved.Id, moved.Id, moved.Path, now, c);
                        }

                        changeSeq = await LastChangeAsync(context, owner, c);
                    }

                    return 0;
                },
                (context, c) => context.Categories.AnyAsync(x => x.UserId == owner && x.Id == id && x.UpdatedAt == now, c),
                cancellationToken);
        }
        catch (DbUpdateConcurrencyException) when (ifMatch is not null)
        {
            throw new PreconditionFailedException();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The category was changed by another request at the same moment; read it again and retry.");
        }

        return await ResponseAsync(category, cancellationToken) with { ChangeSeq = changeSeq };
    }

    /// <summary>
    /// Moves a category's transactions, children and budgets into another and deletes it, in one database transaction.
    /// A child of the merged category whose name the receiving one already has is merged into that child.
    /// </summary>
    public async Task<MergeResponse> MergeAsync(Guid id, MergeRequest request, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = currentUser.Id;
        var source = await FindAsync(id, tracked: false, cancellationToken);
        ifMatch?.Check(source.Version);
        if (request.IntoId is not { } intoId)
        {
            throw DomainValidationException.For("intoId", "intoId is required: the category that receives this one's transactions.");
        }

        var into = await IntoAsync(source, intoId, "intoId", cancellationToken);
        var now = newTransactions.Now();
        var result = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                await context.LockOwnerAsync(owner, c);
                return await MergeLockedAsync(context, owner, source, into, "intoId", now, c);
            },
            async (context, c) => !await context.Categories.AnyAsync(x => x.UserId == owner && x.Id == id, c),
            cancellationToken);
        return result with { Into = await ResponseAsync(await FindAsync(into.Id, tracked: false, cancellationToken), cancellationToken) };
    }

    /// <summary>
    /// Deletes a category. One in use (with transactions, children or budgets) is a 409 unless <paramref name="reassignTo"/>
    /// is another category (a merge into it) or <c>none</c> (its transactions keep no category, its budgets go).
    /// </summary>
    public async Task DeleteAsync(Guid id, string? reassignTo, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var category = await FindAsync(id, tracked: false, cancellationToken);
        ifMatch?.Check(category.Version);
        Category? into = null;
        if (reassignTo is not null && !string.Equals(reassignTo, None, StringComparison.Ordinal))
        {
            into = Guid.TryParse(reassignTo, out var intoId)
                ? await IntoAsync(category, intoId, "reassignTo", cancellationToken)
                : throw DomainValidationException.For("reassignTo", "reassignTo must be the id of another of your categories, or none.");
        }

        var now = newTransactions.Now();
        await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                await context.LockOwnerAsync(owner, c);
                if (into is not null)
                {
                    return (await MergeLockedAsync(context, owner, category, into, "reassignTo", now, c)).TransactionsMoved;
                }

                var inUse = await context.Categories.AnyAsync(x => x.UserId == owner && x.ParentId == id, c);
                if (inUse && reassignTo is not null)
                {
                    throw new ConflictException("The category has children: delete or move them first, or reassign to another category.");
                }

                inUse = inUse
                    || await context.Transactions.AnyAsync(t => t.UserId == owner && t.CategoryId == id, c)
                    || await context.Budgets.AnyAsync(b => b.UserId == owner && b.CategoryId == id, c)
                    || await context.RecurringTransactions.AnyAsync(r => r.UserId == owner && r.CategoryId == id, c);
                if (inUse && reassignTo is null)
                {
                    throw new ConflictException("The category is in use: delete with ?reassignTo=<categoryId> to move its transactions, children, budgets and recurring transactions, or ?reassignTo=none.");
                }

                var moved = await context.MoveAsync(owner, id, null, null, now, c);
                await context.Budgets.Where(b => b.UserId == owner && b.CategoryId == id).ExecuteDeleteAsync(c);
                await context.MoveRecurringAsync(owner, id, null, now, c);
                var live = context.Categories.Where(x => x.UserId == owner && x.Id == id);
                if (await (ifMatch is null ? live : live.Where(x => x.Version == category.Version)).ExecuteDeleteAsync(c) == 0)
                {
                    throw ifMatch is null ? new NotFoundException() : new PreconditionFailedException();
                }

                return moved;
            },
            async (context, c) => !await context.Categories.AnyAsync(x => x.UserId == owner && x.Id == id, c),
            cancellationToken);
    }

    /// <summary>The merge itself, under the owner's lock in the current database transaction; <paramref name="field"/> names the target in errors.</summary>
    private static async Task<MergeResponse> MergeLockedAsync(
        CashmanDbContext context, Guid owner, Category source, Category into, string field, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long moved = 0;
        var budgets = 0;
        var recurring = 0;
        var children = await context.Categories.Where(c => c.UserId == owner && c.ParentId == source.Id).ToListAsync(cancellationToken);
        if (children.Count > 0 && into.ParentId is not null)
        {
            throw DomainValidationException.For(field, "The category has children, so it can only merge into a top-level category (two levels at most).");
        }

        var siblings = children.Count == 0
            ? []
            : await context.Categories.AsNoTracking().Where(c => c.UserId == owner && c.ParentId == into.Id).ToListAsync(cancellationToken);
        foreach (var child in children)
        {
            if (siblings.FirstOrDefault(s => string.Equals(s.Name, child.Name, StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                moved += await context.MoveAsync(owner, child.Id, same.Id, same.Path, now, cancellationToken);
                budgets += await context.MoveBudgetsAsync(owner, child.Id, same.Id, now, cancellationToken);
                recurring += await context.MoveRecurringAsync(owner, child.Id, same.Id, now, cancellationToken);
                context.Categories.Remove(child);
            }
            else
            {
                child.Update(child.Name, into, child.Rollover, hasChildren: false, now);
            }
        }

        // Children first, so that the merged category has none left when it goes.
        await context.SaveChangesAsync(cancellationToken);
        foreach (var child in children.Where(c => c.ParentId == into.Id))
        {
            moved += await context.MoveAsync(owner, child.Id, child.Id, child.Path, now, cancellationToken);
        }

        moved += await context.MoveAsync(owner, source.Id, into.Id, into.Path, now, cancellationToken);
        budgets += await context.MoveBudgetsAsync(owner, source.Id, into.Id, now, cancellationToken);
        recurring += await context.MoveRecurringAsync(owner, source.Id, into.Id, now, cancellationToken);
        await context.Categories.Where(c => c.UserId == owner && c.Id == source.Id).ExecuteDeleteAsync(cancellationToken);
        return new MergeResponse
        {
            MergedId = source.Id,
            TransactionsMoved = moved,
            ChildrenMoved = children.Count,
            BudgetsMoved = budgets,
            RecurringMoved = recurring,
            ChangeSeq = moved > 0 ? await LastChangeAsync(context, owner, cancellationToken) : 0,
        };
    }

    /// <summary>The owner's last change number, which the rows just numbered end at.</summary>
    private static Task<long> LastChangeAsync(CashmanDbContext context, Guid owner, CancellationToken cancellationToken) =>
        context.UserTotals.Where(t => t.UserId == owner).Select(t => t.LastChangeSeq).SingleAsync(cancellationToken);

    /// <summary>The category another one merges into: another of the caller's, not its own child.</summary>
    private async Task<Category> IntoAsync(Category source, Guid intoId, string field, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var into = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == owner && c.Id == intoId, cancellationToken)
            ?? throw DomainValidationException.For(field, $"{field} must be one of your categories.");
        return into.Id == source.Id ? throw DomainValidationException.For(field, "A category cannot be merged into itself.")
            : into.ParentId == source.Id ? throw DomainValidationException.For(field, "A category cannot be merged into its own child.")
            : into;
    }

    /// <summary>The parent a request names: one of the caller's categories, or none.</summary>
    private async Task<Category?> ParentAsync(Guid? parentId, CancellationToken cancellationToken)
    {
        if (parentId is not { } id)
        {
            return null;
        }

        var owner = currentUser.Id;
        return await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == owner && c.Id == id, cancellationToken)
            ?? throw DomainValidationException.For("parentId", "The parent must be one of your categories.");
    }

    private static Rollover? ParseRollover(string? rollover) => rollover switch
    {
        null => null,
        "none" => Rollover.None,
        "surplus" => Rollover.Surplus,
        "all" => Rollover.All,
        _ => throw DomainValidationException.For("rollover", "The rollover must be none, surplus or all."),
    };

    private async Task<CategoryResponse> ResponseAsync(Category category, CancellationToken cancellationToken) =>
        CategoryResponse.From(category, (await CountsAsync(category.Id, cancellationToken)).GetValueOrDefault(category.Id));

    /// <summary>How many transactions each category holds (one, or every one), from the kept category totals.</summary>
    private async Task<Dictionary<Guid, long>> CountsAsync(Guid? only, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var totals = db.CategoryDayTotals.AsNoTracking().Where(t => t.UserId == owner && t.CategoryKey != CategoryDayTotals.None);
        if (only is { } id)
        {
            totals = totals.Where(t => t.CategoryKey == id);
        }

        return await totals
            .GroupBy(t => t.CategoryKey)
            .Select(g => new { g.Key, Count = g.Sum(t => t.IncomeCount + t.ExpenseCount) })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    private async Task<Category> FindAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var categories = tracked ? db.Categories : db.Categories.AsNoTracking();
        return await categories.SingleOrDefaultAsync(c => c.UserId == owner && c.Id == id, cancellationToken) ?? throw new NotFoundException();
    }

    /// <summary>Runs a write in the request's transaction; a name taken among the siblings is a 409.</summary>
    private async Task SaveAsync(
        Func<CashmanDbContext, CancellationToken, Task<int>> work, Func<CashmanDbContext, CancellationToken, Task<bool>> verify, CancellationToken cancellationToken)
    {
        try
        {
            await requestTransaction.ExecuteAsync(work, verify, cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException(NameTaken);
        }
    }

}
