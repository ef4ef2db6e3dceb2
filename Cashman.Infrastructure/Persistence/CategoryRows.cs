using Cashman.Domain.Categories;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Infrastructure.Persistence;

/// <summary>Set-based changes to the transactions of a category: renaming, merging and reassigning.</summary>
public static class CategoryRows
{
    /// <summary>
    /// Gives every transaction of category <paramref name="from"/> the category <paramref name="to"/> (null for none) with
    /// its path <paramref name="toPath"/>, in one statement, and numbers each changed row in the owner's change feed, so
    /// that a client following it sees each once more. The caller holds the owner's lock
    /// (<see cref="TransactionRows.LockOwnerAsync"/>) for the rest of its database transaction: the rows are numbered here
    /// from the owner's last number, which the trigger then leaves alone (per-row numbering would update the owner's row
    /// once per row). The category totals follow the rows, stamped with the last of those numbers. Returns how many rows changed.
    /// </summary>
    public static async Task<int> MoveAsync(
        this CashmanDbContext db, Guid owner, Guid from, Guid? to, string? toPath, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Each row's new version is drawn from its id and a secret of this statement: Citus refuses volatile functions
        // (gen_random_uuid) in an UPDATE of a distributed table, and a version must tell nothing about other rows.
        var salt = Guid.NewGuid().ToString("N");
        var moved = await db.Database.ExecuteSqlAsync(
            $"""
            WITH numbered AS (
                SELECT t.id, row_number() OVER (ORDER BY t.change_seq, t.id) AS rn
                FROM transactions t WHERE t.user_id = {owner} AND t.category_id = {from}),
            owner_totals AS (SELECT last_change_seq FROM user_totals WHERE user_id = {owner})
            UPDATE transactions t SET category_id = {to}, category = {toPath}, change_seq = o.last_change_seq + n.rn,
                version = md5(t.id::text || {salt})::uuid, updated_at = {now}
            FROM numbered n, owner_totals o
            WHERE t.user_id = {owner} AND t.id = n.id
            """,
            cancellationToken);
        if (moved > 0)
        {
            await db.Database.ExecuteSqlAsync(
                $"UPDATE user_totals SET last_change_seq = last_change_seq + {moved} WHERE user_id = {owner}", cancellationToken);
        }

        var target = to ?? CategoryDayTotals.None;
        if (moved > 0 && target != from)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO category_day_totals AS t
                    (user_id, day, category_id, account_id, income_count, expense_count, total_income, total_expenses, change_seq)
                SELECT d.user_id, d.day, {target}, d.account_id, d.income_count, d.expense_count, d.total_income, d.total_expenses, o.last_change_seq
                FROM category_day_totals d, user_totals o
                WHERE d.user_id = {owner} AND d.category_id = {from} AND o.user_id = d.user_id
                ON CONFLICT (user_id, day, category_id, account_id) DO UPDATE SET
                    income_count = t.income_count + EXCLUDED.income_count,
                    expense_count = t.expense_count + EXCLUDED.expense_count,
                    total_income = t.total_income + EXCLUDED.total_income,
                    total_expenses = t.total_expenses + EXCLUDED.total_expenses,
                    change_seq = EXCLUDED.change_seq
                """,
                cancellationToken);
            await db.CategoryDayTotals.Where(t => t.UserId == owner && t.CategoryKey == from).ExecuteDeleteAsync(cancellationToken);
        }

        return moved;
    }

    /// <summary>
    /// Moves the budgets of category <paramref name="from"/> to <paramref name="into"/>, adding the amounts of a month both
    /// have. Returns how many budgets moved.
    /// </summary>
    public static async Task<int> MoveBudgetsAsync(this CashmanDbContext db, Guid owner, Guid from, Guid into, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Each row's new version is drawn from its id and a secret of this statement: Citus refuses volatile functions
        // (gen_random_uuid) in an UPDATE of a distributed table, and a version must tell nothing about other rows.
        var salt = Guid.NewGuid().ToString("N");
        var moved = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO budgets AS b (user_id, month, category_id, amount, updated_at)
            SELECT user_id, month, {into}, amount, {now} FROM budgets WHERE user_id = {owner} AND category_id = {from}
            ON CONFLICT (user_id, month, category_id) DO UPDATE SET amount = b.amount + EXCLUDED.amount, updated_at = EXCLUDED.updated_at
            """,
            cancellationToken);
        await db.Budgets.Where(b => b.UserId == owner && b.CategoryId == from).ExecuteDeleteAsync(cancellationToken);
        return moved;
    }

    /// <summary>
    /// Gives the recurring transactions of category <paramref name="from"/> the category <paramref name="to"/> (null for
    /// none), each with a new version. Returns how many moved.
    /// </summary>
    public static async Task<int> MoveRecurringAsync(this CashmanDbContext db, Guid owner, Guid from, Guid? to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var salt = Guid.NewGuid().ToString("N");
        return await db.Database.ExecuteSqlAsync(
            $"""
            UPDATE recurring_transactions SET category_id = {to}, version = md5(id::text || {salt})::uuid, updated_at = {now}
            WHERE user_id = {owner} AND category_id = {from}
            """,
            cancellationToken);
    }
}
