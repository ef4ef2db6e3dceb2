using System.Globalization;
using Cashman.Api.Rates;
using Cashman.Domain.Categories;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Categories;

/// <summary>
/// One category's incomes and expenses in one currency over one period (a month with <c>byMonth</c>, else the whole
/// range, dated 0001-01-01): exact in that currency, and converted to the report's currency at each day's rate
/// (<see cref="ConvertedIncome"/> and <see cref="ConvertedExpenses"/> leave out the days that have no rate).
/// </summary>
public sealed record CategoryBucket(
    Guid CategoryKey, string Currency, DateOnly Day, decimal Income, decimal Expenses, long IncomeCount, long ExpenseCount,
    decimal ConvertedIncome, decimal ConvertedExpenses);

/// <summary>The buckets of a category report, and the rates it missed (day and currency, earliest first).</summary>
public sealed record CategoryReport(List<CategoryBucket> Buckets, SortedSet<(DateOnly Day, string Currency)> Missing);

/// <summary>
/// Reads the category totals the database keeps (<see cref="CategoryDayTotals"/>) for reports and budgets, converted by
/// the database: the rate rule is applied here, once per currency and day of the range (<see cref="RateLookup"/>), and
/// the factors are sent with the statement, which multiplies each day's totals by its factor and sums per category and
/// period. Reading tens of thousands of day totals to convert them here was three times slower at a million rows
/// (bench/results/scale.md). Reports over whole months add up kept months instead (<see cref="ReadKeptAsync"/>).
/// </summary>
public sealed class CategoryTotals(CashmanDbContext db, RateLookup rates)
{
    private static readonly DateOnly KeyEpoch = new(2000, 1, 1);

    /// <summary>
    /// The report of <paramref name="owner"/>'s incomes and expenses dated from <paramref name="from"/> to <paramref name="to"/>
    /// (in one account when <paramref name="accountId"/> is set; only those with a category when <paramref name="categorised"/>).
    /// </summary>
    public async Task<CategoryReport> ReadAsync(
        Guid owner, DateOnly from, DateOnly to, Guid? accountId, string reportCurrency, bool byMonth, CancellationToken cancellationToken, bool categorised = false)
    {
        // The caller's accounts, and the days each account in another currency has totals on (from the accounts' day
        // totals, one row per account and day).
        var accounts = await AccountsAsync(owner, accountId, cancellationToken);
        var spans = await db.Database.SqlQuery<AccountSpan>(
            $"""
            SELECT d.account_id, min(d.day) AS first, max(d.day) AS last
            FROM account_day_totals d
            WHERE d.user_id = {owner} AND d.account_id = ANY ({accounts.Where(a => a.Value != reportCurrency).Select(a => a.Key).ToArray()})
              AND d.income_count + d.expense_count > 0 AND d.day >= {from} AND d.day <= {to}
            GROUP BY d.account_id
            """).ToListAsync(cancellationToken);
        var factors = await FactorsAsync([.. spans.Select(s => (s.AccountId, s.First, s.Last))], accounts, reportCurrency, cancellationToken);

        var rows = await ConvertAsync(owner, accounts, reportCurrency, from, to, accountId, byMonth, categorised, null, factors, cancellationToken);
        return Report(rows, accounts, byMonth);
    }

    /// <summary>
    /// The report of <paramref name="owner"/>'s incomes and expenses dated from <paramref name="from"/> to
    /// <paramref name="to"/> (in one account when <paramref name="accountId"/> is set) as one period, from the kept months
    /// (<see cref="CategoryReportTotals"/>) for the whole months of the range and from the day totals for the days
    /// around them. The months whose day totals changed since they were kept (their change numbers), or whose
    /// conversion factors did (a rate added, changed or removed, another maximum age), are worked out again and kept.
    /// </summary>
    public async Task<CategoryReport> ReadKeptAsync(
        Guid owner, DateOnly from, DateOnly to, Guid? accountId, string reportCurrency, CancellationToken cancellationToken)
    {
        // The whole months of the range, if any (none when it starts in the calendar's last month or ends in its first).
        var first = from.Day == 1 ? from : LastOfMonth(from) < DateOnly.MaxValue ? LastOfMonth(from).AddDays(1) : DateOnly.MaxValue;
        var last = to == LastOfMonth(to) ? FirstOfMonth(to) : FirstOfMonth(to) > DateOnly.MinValue ? FirstOfMonth(FirstOfMonth(to).AddDays(-1)) : DateOnly.MinValue;
        if (first > last || first.Day != 1 || LastOfMonth(last) > to)
        {
            return await ReadAsync(owner, from, to, accountId, reportCurrency, byMonth: false, cancellationToken);
        }

        var since = await db.CategoryReportStates.AsNoTracking()
            .Where(s => s.UserId == owner && s.Currency == reportCurrency)
            .Select(s => (long?)s.DataSeq)
            .SingleOrDefaultAsync(cancellationToken);

        // Every month with a day total numbered after the kept state; with none kept yet, every month with day totals.
        var changed = await db.Database.SqlQuery<KeptMonth>(
            $"""
            SELECT account_id, date_trunc('month', day)::date AS month, max(change_seq) AS mark
            FROM category_day_totals
            WHERE user_id = {owner} AND change_seq > {since ?? -1}
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken);

        // The accounts after the changes: an account created since has no changed month left out (its rows are numbered
        // after these), and the changed months of an account deleted since have nothing left to keep.
        var accounts = await AccountsAsync(owner, null, cancellationToken);
        changed.RemoveAll(c => !accounts.ContainsKey(c.AccountId));

        // The kept months of the range with the digest of the rates they were converted at; a month whose rates' digest
        // is another now is stale, as is every changed month.
        var kept = (await db.Database.SqlQuery<KeptMonth>(
            $"""
            SELECT DISTINCT account_id, month, factors AS mark
            FROM category_report_totals
            WHERE user_id = {owner} AND currency = {reportCurrency} AND month >= {first} AND month <= {last}
              AND ({accountId}::uuid IS NULL OR account_id = {accountId})
            """).ToListAsync(cancellationToken))
            .Where(k => accounts.ContainsKey(k.AccountId))
            .ToList();
        var digests = await rates.MonthDigestsAsync(
            [.. kept.Concat(changed).Select(m => (accounts[m.AccountId], m.Month)).Distinct()], reportCurrency, cancellationToken);
        long DigestOf(Guid account, DateOnly month) => digests.GetValueOrDefault((accounts[account], month));
        var stale = changed.Select(c => (c.AccountId, c.Month))
            .Concat(kept.Where(k => k.Mark != DigestOf(k.AccountId, k.Month)).Select(k => (k.AccountId, k.Month)))
            .ToHashSet();
        var staleKeys = stale.Select(s => MonthKey(s.AccountId, s.Month)).ToArray();

        var fresh = new List<Row>();
        if (stale.Count > 0)
        {
            fresh = await ConvertAsync(
                owner, accounts, reportCurrency, stale.Min(s => s.Month), LastOfMonth(stale.Max(s => s.Month)), null, byMonth: true, categorised: false,
                since is null ? null : staleKeys, await FactorsAsync([.. stale.Select(m => (m.AccountId, m.Month, LastOfMonth(m.Month)))], accounts, reportCurrency, cancellationToken), cancellationToken);
        }

        var seq = changed.Count == 0 ? since ?? 0 : Math.Max(since ?? 0, changed.Max(c => c.Mark));
        if (since is null || stale.Count > 0 || seq != since)
        {
            await KeepAsync(owner, reportCurrency, since, seq, staleKeys, [.. fresh.Select(r => (r, DigestOf(r.AccountId!.Value, r.Day!.Value)))], cancellationToken);
        }

        // The kept months that are not stale, summed by PostgreSQL, and the fresh ones of the range.
        var rows = await db.Database.SqlQuery<Row>(
            $"""
            SELECT category_id AS category_key, account_id, DATE '0001-01-01' AS day,
                   sum(income) AS income, sum(expenses) AS expenses, sum(income_count)::bigint AS income_count,
                   sum(expense_count)::bigint AS expense_count, sum(converted_income) AS converted_income,
                   sum(converted_expenses) AS converted_expenses, NULL::date[] AS missing
            FROM category_report_totals
            WHERE user_id = {owner} AND currency = {reportCurrency} AND month >= {first} AND month <= {last}
              AND ({accountId}::uuid IS NULL OR account_id = {accountId}) AND account_id = ANY ({accounts.Keys.ToArray()})
              AND NOT account_id::text || ':' || (month - DATE '2000-01-01')::text = ANY ({staleKeys})
            GROUP BY 1, 2
            UNION ALL
            SELECT category_id, account_id, DATE '0001-01-01', 0, 0, 0, 0, 0, 0, missing
            FROM category_report_totals
            WHERE user_id = {owner} AND currency = {reportCurrency} AND month >= {first} AND month <= {last}
              AND ({accountId}::uuid IS NULL OR account_id = {accountId}) AND account_id = ANY ({accounts.Keys.ToArray()})
              AND NOT account_id::text || ':' || (month - DATE '2000-01-01')::text = ANY ({staleKeys}) AND cardinality(missing) > 0
            """).ToListAsync(cancellationToken);
        rows.AddRange(fresh.Where(r => r.Day >= first && r.Day <= last && (accountId == null || r.AccountId == accountId)));
        var report = Report(rows, accounts, byMonth: false);

        // The days before the first whole month and after the last.
        var edges = new List<(DateOnly From, DateOnly To)>();
        if (from < first)
        {
            edges.Add((from, first.AddDays(-1)));
        }

        if (LastOfMonth(last) < to)
        {
            edges.Add((LastOfMonth(last).AddDays(1), to));
        }

        foreach (var (edgeFrom, edgeTo) in edges)
        {
            var edge = await ReadAsync(owner, edgeFrom, edgeTo, accountId, reportCurrency, byMonth: false, cancellationToken);
            report.Buckets.AddRange(edge.Buckets);
            report.Missing.UnionWith(edge.Missing);
        }

        return report;
    }

    private Task<Dictionary<Guid, string>> AccountsAsync(Guid owner, Guid? accountId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking()
            .Where(a => a.UserId == owner && (accountId == null || a.Id == accountId))
            .Select(a => new { a.Id, a.Currency })
            .ToDictionaryAsync(a => a.Id, a => a.Currency, cancellationToken);

    /// <summary>The conversion factor of every day of the spans (none in the report's currency) that has one.</summary>
    private async Task<List<(Guid Account, DateOnly Day, decimal Factor)>> FactorsAsync(
        List<(Guid Account, DateOnly First, DateOnly Last)> spans, Dictionary<Guid, string> accounts, string reportCurrency, CancellationToken cancellationToken)
    {
        var foreign = spans.Where(s => accounts[s.Account] != reportCurrency).ToList();
        var factors = new List<(Guid, DateOnly, decimal)>();
        if (foreign.Count == 0)
        {
            return factors;
        }

        var table = await rates.TableAsync(
            [.. foreign.Select(s => accounts[s.Account]).Distinct()], reportCurrency, foreign.Min(s => s.First), foreign.Max(s => s.Last), cancellationToken);
        foreach (var (account, first, last) in foreign)
        {
            var days = table.Factors(accounts[account], reportCurrency, first, last);
            for (var i = 0; i < days.Length; i++)
            {
                if (days[i] is { } factor)
                {
                    factors.Add((account, first.AddDays(i), factor));
                }
            }
        }

        return factors;
    }

    /// <summary>
    /// Keeps the months worked out again and the state they follow, unless another report kept some since this one read
    /// the state: a state only moves from the value its writer read, so that months worked out from older day totals
    /// never replace newer ones under a newer state. Under the owner's lock, like every write of the owner.
    /// </summary>
    private async Task KeepAsync(
        Guid owner, string reportCurrency, long? since, long seq, string[] staleKeys, List<(Row Row, long Digest)> fresh, CancellationToken cancellationToken)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async cancel =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancel);

            // The owner's lock first, as every write of the owner takes it: an erasure in flight finishes before, and then
            // this finds the owner gone (a 401) instead of keeping rows for a user that no longer exists.
            await db.LockOwnerAsync(owner, cancel);
            var claimed = since is null
                ? await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO category_report_states (user_id, currency, data_seq) VALUES ({owner}, {reportCurrency}, {seq}) ON CONFLICT DO NOTHING", cancel)
                : await db.Database.ExecuteSqlAsync(
                    $"UPDATE category_report_states SET data_seq = {seq} WHERE user_id = {owner} AND currency = {reportCurrency} AND data_seq = {since}", cancel);
            if (claimed == 0)
            {
                return;
            }

            await db.Database.ExecuteSqlAsync(
                $"""
                DELETE FROM category_report_totals
                WHERE user_id = {owner} AND currency = {reportCurrency} AND account_id::text || ':' || (month - DATE '2000-01-01')::text = ANY ({staleKeys})
                """,
                cancel);
            db.CategoryReportTotals.AddRange(fresh.Select(f => new CategoryReportTotals(
                owner, reportCurrency, f.Row.AccountId!.Value, f.Row.Day!.Value, f.Row.CategoryKey!.Value, f.Row.Income!.Value, f.Row.Expenses!.Value,
                f.Row.IncomeCount!.Value, f.Row.ExpenseCount!.Value, f.Row.ConvertedIncome!.Value, f.Row.ConvertedExpenses!.Value, f.Row.Missing ?? [], f.Digest)));
            await db.SaveChangesAsync(cancel);
            await transaction.CommitAsync(cancel);
        }, cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Sums the day totals per category, account and period (a month with <paramref name="byMonth"/>, else the whole range),
    /// each day's converted at its factor; in the accounts of the report's currency as they are. <paramref name="monthKeys"/>
    /// (account and month, <see cref="MonthKey"/>) narrows them to those months.
    /// </summary>
    private async Task<List<Row>> ConvertAsync(
        Guid owner, Dictionary<Guid, string> accounts, string reportCurrency, DateOnly from, DateOnly to, Guid? accountId, bool byMonth, bool categorised,
        string[]? monthKeys, List<(Guid Account, DateOnly Day, decimal Factor)> factors, CancellationToken cancellationToken)
    {
        // The factors as rows, joined by account and day. A FULL JOIN, because PostgreSQL can only hash or merge it: a
        // prepared plan believes unnest() gives ten rows and would otherwise compare every day total with every factor
        // (11.7 s at 10,000 rows). The factors that match nothing form one group without an account, left out below.
        // Amounts already in the report's currency are summed as they are. The groups are hashed: an aggregate with
        // ORDER BY would sort every day total first (the missing days are sorted here).
        var reportAccounts = accounts.Where(a => a.Value == reportCurrency).Select(a => a.Key).ToArray();
        var factorAccounts = factors.Select(f => f.Account).ToArray();
        var days = factors.Select(f => f.Day).ToArray();
        var values = factors.Select(f => f.Factor).ToArray();
        var rows = await db.Database.SqlQuery<Row>(
            $"""
            SELECT t.category_id AS category_key, t.account_id,
                   CASE WHEN {byMonth} THEN date_trunc('month', t.day)::date ELSE DATE '0001-01-01' END AS day,
                   sum(t.total_income) AS income, sum(t.total_expenses) AS expenses,
                   sum(t.income_count)::bigint AS income_count, sum(t.expense_count)::bigint AS expense_count,
                   CASE WHEN t.account_id = ANY ({reportAccounts}) THEN sum(t.total_income) ELSE coalesce(round(sum(t.total_income * f.factor), 20), 0) END AS converted_income,
                   CASE WHEN t.account_id = ANY ({reportAccounts}) THEN sum(t.total_expenses) ELSE coalesce(round(sum(t.total_expenses * f.factor), 20), 0) END AS converted_expenses,
                   array_agg(t.day) FILTER (WHERE f.factor IS NULL AND NOT t.account_id = ANY ({reportAccounts})) AS missing
            FROM (
                SELECT category_id, account_id, day, total_income, total_expenses, income_count, expense_count
                FROM category_day_totals
                WHERE user_id = {owner} AND income_count + expense_count > 0
                  AND day >= {from} AND day <= {to} AND ({accountId}::uuid IS NULL OR account_id = {accountId})
                  AND account_id = ANY ({accounts.Keys.ToArray()})
                  AND (NOT {categorised} OR category_id <> {CategoryDayTotals.None})
                  AND ({monthKeys}::text[] IS NULL OR account_id::text || ':' || (date_trunc('month', day)::date - DATE '2000-01-01')::text = ANY ({monthKeys}))) t
            FULL JOIN unnest({factorAccounts}::uuid[], {days}::date[], {values}::numeric[]) AS f (account_id, day, factor)
                ON f.account_id = t.account_id AND f.day = t.day
            GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);
        rows.RemoveAll(r => r.AccountId is null);
        return rows;
    }

    /// <summary>The rows as buckets per category, currency and period, and the rates they missed.</summary>
    private static CategoryReport Report(List<Row> rows, Dictionary<Guid, string> accounts, bool byMonth)
    {
        var missing = new SortedSet<(DateOnly Day, string Currency)>();
        foreach (var row in rows.Where(r => r.Missing is { Length: > 0 }))
        {
            missing.UnionWith(row.Missing!.Select(day => (day, accounts[row.AccountId!.Value])));
        }

        return new CategoryReport(
            [.. rows
                .GroupBy(r => (Category: r.CategoryKey!.Value, Currency: accounts[r.AccountId!.Value], Day: byMonth ? r.Day!.Value : DateOnly.MinValue))
                .Select(g => new CategoryBucket(
                    g.Key.Category, g.Key.Currency, g.Key.Day, g.Sum(r => r.Income!.Value), g.Sum(r => r.Expenses!.Value),
                    g.Sum(r => r.IncomeCount!.Value), g.Sum(r => r.ExpenseCount!.Value), g.Sum(r => r.ConvertedIncome!.Value), g.Sum(r => r.ConvertedExpenses!.Value)))],
            missing);
    }

    /// <summary>
    /// An account's month as the statements write it: the account and the month's first day counted from 2000-01-01.
    /// A number, not a date's text: Citus refuses non-immutable functions of a column (such as <c>to_char</c>) in a DELETE.
    /// </summary>
    private static string MonthKey(Guid account, DateOnly month) =>
        string.Create(CultureInfo.InvariantCulture, $"{account}:{month.DayNumber - KeyEpoch.DayNumber}");

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private static DateOnly LastOfMonth(DateOnly day) => new(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));

    private sealed record AccountSpan(Guid AccountId, DateOnly First, DateOnly Last);

    /// <summary>An account's month with a number: the last change number of its day totals, or the digest of its rates.</summary>
    private sealed record KeptMonth(Guid AccountId, DateOnly Month, long Mark);

    /// <summary>A group of the statement; the factors that matched no day total make one with nothing but nulls.</summary>
    private sealed record Row(
        Guid? CategoryKey, Guid? AccountId, DateOnly? Day, decimal? Income, decimal? Expenses, long? IncomeCount, long? ExpenseCount,
        decimal? ConvertedIncome, decimal? ConvertedExpenses, DateOnly[]? Missing);
}
