using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Transactions;

/// <summary>The list filters and sort as queries over transactions, shared by the lists and the export.</summary>
public static class TransactionFilter
{
    /// <summary><paramref name="owner"/>'s transactions of <paramref name="kind"/> (of every kind when null).</summary>
    public static IQueryable<Transaction> Owned(CashmanDbContext db, Guid owner, TransactionKind? kind)
    {
        ArgumentNullException.ThrowIfNull(db);
        IQueryable<Transaction> source = kind switch
        {
            TransactionKind.Income => db.Incomes,
            TransactionKind.Expense => db.Expenses,
            TransactionKind.Transfer => db.Transfers,
            _ => db.Transactions,
        };
        return source.Where(t => t.UserId == owner);
    }

    /// <summary>Narrows <paramref name="source"/> to what <paramref name="query"/> asks for; filters combine with AND.</summary>
    public static IQueryable<Transaction> Apply(IQueryable<Transaction> source, FilterQuery query, CashmanDbContext db, Guid owner)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(db);
        if (query.FromDate is { } from)
        {
            source = source.Where(t => t.OccurredOn >= from);
        }

        if (query.ToDate is { } to)
        {
            source = source.Where(t => t.OccurredOn <= to);
        }

        // abs(amount) matches the expression index ix_transactions_user_id_type_abs_amount.
        if (query.MinAmount is { } min)
        {
            source = source.Where(t => Math.Abs(t.Amount) >= min);
        }

        if (query.MaxAmount is { } max)
        {
            source = source.Where(t => Math.Abs(t.Amount) <= max);
        }

        if (!string.IsNullOrEmpty(query.Q))
        {
            var pattern = "%" + EscapeLike(query.Q) + "%";
            source = source.Where(t => EF.Functions.ILike(t.Description, pattern, LikeEscape));
        }

        // A transfer is in both of its accounts, and in both currencies.
        if (query.AccountId is { } account)
        {
            source = source.Where(t => t.AccountId == account || t.ToAccountId == account);
        }

        if (query.Currency is { } currency)
        {
            source = source.Where(t => t.Currency == currency || t.ToCurrency == currency);
        }

        if (!string.IsNullOrEmpty(query.Category))
        {
            // lower(category) = lower(@category) matches the expression index ix_transactions_user_id_type_lower_category.
            var category = query.Category.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // Translated to SQL lower(); string.Equals with a StringComparison is not translatable.
            source = source.Where(t => t.Category != null && t.Category.ToLower() == category);
#pragma warning restore CA1862
        }

        if (query.CategoryId is { } categoryId)
        {
            // The category and its children; another user's category has no rows of the caller.
            var family = db.Categories.Where(c => c.UserId == owner && (c.Id == categoryId || c.ParentId == categoryId)).Select(c => (Guid?)c.Id);
            source = source.Where(t => family.Contains(t.CategoryId));
        }

        return source;
    }

    /// <summary>The requested order, then newest first (created_at, then id) so that equal keys page stably.</summary>
    public static IQueryable<Transaction> Sort(IQueryable<Transaction> source, string? sort)
    {
        var descending = sort is null || sort.StartsWith('-');
        var ordered = (sort?.TrimStart('-') ?? "occurredOn") switch
        {
            "amount" => descending ? source.OrderByDescending(t => Math.Abs(t.Amount)) : source.OrderBy(t => Math.Abs(t.Amount)),
            "createdAt" => descending ? source.OrderByDescending(t => t.CreatedAt) : source.OrderBy(t => t.CreatedAt),
            "description" => descending ? source.OrderByDescending(t => t.Description) : source.OrderBy(t => t.Description),
            _ => descending ? source.OrderByDescending(t => t.OccurredOn) : source.OrderBy(t => t.OccurredOn),
        };
        return ordered.ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);
    }

    private const string LikeEscape = "\\";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
