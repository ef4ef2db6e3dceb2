using Cashman.Api.Accounts;
using Cashman.Api.Users;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Rates;

/// <summary>A rate a report needed and did not find: converting <c>currency</c> on <c>date</c>.</summary>
public sealed record MissingRate(
    [property: OpenApi.SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)] string Currency,
    DateOnly Date);

/// <summary>
/// The rates a report needs, read in two queries (the shared ones, the caller's own, which win for the same day, pair
/// and direction) for just the pairs and days it converts, and handed to <see cref="RateTable"/>, which applies the rule.
/// </summary>
public sealed class RateLookup(CashmanDbContext db, CurrentUser currentUser, IOptions<MoneyOptions> options)
{
    /// <summary>At most this many missing rates are listed, earliest first.</summary>
    public const int MaxMissing = 100;

    public async Task<RateTable> TableAsync(IReadOnlyCollection<string> currencies, string target, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(currencies);
        var maxAge = options.Value.RateMaxAgeDays;
        var pairs = currencies.Where(c => c != target).SelectMany(c => RateTable.PairsFor(c, target)).ToHashSet();
        if (pairs.Count == 0)
        {
            return new RateTable([], maxAge);
        }

        var earliest = from.DayNumber - maxAge < DateOnly.MinValue.DayNumber ? DateOnly.MinValue : from.AddDays(-maxAge);
        var bases = pairs.Select(p => p.Base).ToArray();
        var quotes = pairs.Select(p => p.Quote).ToArray();
        // Raw SQL for the same reason as the day totals: thousands of rows, and EF Core's LINQ materialisation of them
        // cost more than the statements.
        var shared = await db.Database.SqlQuery<Rate>(
            $"""
            SELECT r.day, r.base, r.quote, r.rate AS value
            FROM shared_rates r JOIN unnest({bases}, {quotes}) AS p(base, quote) ON r.base = p.base AND r.quote = p.quote
            WHERE r.day >= {earliest} AND r.day <= {to}
            """).ToListAsync(cancellationToken);
        var owner = currentUser.Id;
        var own = await db.Database.SqlQuery<Rate>(
            $"""
            SELECT r.day, r.base, r.quote, r.rate AS value
            FROM user_rates r JOIN unnest({bases}, {quotes}) AS p(base, quote) ON r.base = p.base AND r.quote = p.quote
            WHERE r.user_id = {owner} AND r.day >= {earliest} AND r.day <= {to}
            """).ToListAsync(cancellationToken);
        var chosen = own.Concat(shared).DistinctBy(r => (r.Day, r.Base, r.Quote));
        return new RateTable(chosen, maxAge);
    }

    /// <summary>
    /// For each of <paramref name="months"/> (a currency and a month's first day), a digest of every rate that may convert
    /// a day of that month from the currency to <paramref name="target"/> (shared and the caller's, within
    /// the maximum age) and of the maximum age itself: when it is unchanged, so is every factor of the month. Worked out
    /// by PostgreSQL, which hands back one row per currency and month rather than every rate.
    /// </summary>
    public async Task<Dictionary<(string Currency, DateOnly Month), long>> MonthDigestsAsync(
        IReadOnlyCollection<(string Currency, DateOnly Month)> months, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(months);
        var maxAge = options.Value.RateMaxAgeDays;
        var pairs = months.Select(m => m.Currency).Distinct().Where(c => c != target).SelectMany(c => RateTable.PairsFor(c, target).Select(p => (Currency: c, p.Base, p.Quote)))
            .Distinct() // a rate joined twice would cancel itself out of the digest
            .ToList();
        var digests = new Dictionary<(string, DateOnly), long>();
        if (pairs.Count == 0)
        {
            return digests;
        }

        var first = months.Min(m => m.Month);
        var last = months.Max(m => m.Month);
        var earliest = first.DayNumber - maxAge < DateOnly.MinValue.DayNumber ? DateOnly.MinValue : first.AddDays(-maxAge);
        var end = new DateOnly(last.Year, last.Month, DateTime.DaysInMonth(last.Year, last.Month));
        var owned = pairs.Select(p => p.Currency).ToArray();
        var bases = pairs.Select(p => p.Base).ToArray();
        var quotes = pairs.Select(p => p.Quote).ToArray();
        var owner = currentUser.Id;
        var rows = await db.Database.SqlQuery<RateDigest>(
            $"""
            SELECT p.currency, date_trunc('month', r.day)::date AS month,
                   bit_xor(hashtextextended(r.base || r.quote || to_char(r.day, 'YYYY-MM-DD') || r.rate::text, 0)) AS digest
            FROM shared_rates r JOIN unnest({owned}::text[], {bases}::text[], {quotes}::text[]) AS p(currency, base, quote)
                ON r.base = p.base AND r.quote = p.quote
            WHERE r.day >= {earliest} AND r.day <= {end}
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken);
        rows.AddRange(await db.Database.SqlQuery<RateDigest>(
            $"""
            SELECT p.currency, date_trunc('month', r.day)::date AS month,
                   bit_xor(hashtextextended(r.base || r.quote || to_char(r.day, 'YYYY-MM-DD') || r.rate::text, 1)) AS digest
            FROM user_rates r JOIN unnest({owned}::text[], {bases}::text[], {quotes}::text[]) AS p(currency, base, quote)
                ON r.base = p.base AND r.quote = p.quote
            WHERE r.user_id = {owner} AND r.day >= {earliest} AND r.day <= {end}
            GROUP BY 1, 2
            """).ToListAsync(cancellationToken));
        var byMonth = rows.GroupBy(r => (r.Currency, r.Month)).ToDictionary(g => g.Key, g => g.Aggregate(0L, (d, r) => d ^ r.Digest));

        // A month's factors use the rates of its days and of up to the maximum age before its first day.
        foreach (var (currency, month) in months.Where(m => m.Currency != target))
        {
            var digest = (long)maxAge * 1_000_003;
            var start = month.DayNumber - maxAge < DateOnly.MinValue.DayNumber ? DateOnly.MinValue : month.AddDays(-maxAge);
            for (var covered = new DateOnly(start.Year, start.Month, 1); covered <= month; covered = covered.AddMonths(1))
            {
                digest = unchecked((digest * 1_099_511_628_211) ^ byMonth.GetValueOrDefault((currency, covered)));
            }

            digests[(currency, month)] = digest;
        }

        return digests;
    }

    private sealed record RateDigest(string Currency, DateOnly Month, long Digest);
}
