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
}
