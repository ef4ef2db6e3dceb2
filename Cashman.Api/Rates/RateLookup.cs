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
        var codes = pairs.SelectMany(p => new[] { p.Base, p.Quote }).Distinct().ToArray();
        var shared = await db.SharedRates.AsNoTracking()
            .Where(r => codes.Contains(r.Base) && codes.Contains(r.Quote) && r.Day >= earliest && r.Day <= to)
            .Select(r => new Rate(r.Day, r.Base, r.Quote, r.Rate))
            .ToListAsync(cancellationToken);
        var owner = currentUser.Id;
        var own = await db.UserRates.AsNoTracking()
            .Where(r => r.UserId == owner && codes.Contains(r.Base) && codes.Contains(r.Quote) && r.Day >= earliest && r.Day <= to)
            .Select(r => new Rate(r.Day, r.Base, r.Quote, r.Value))
            .ToListAsync(cancellationToken);
        var chosen = own.Concat(shared)
            .Where(r => pairs.Contains((r.Base, r.Quote)))
            .DistinctBy(r => (r.Day, r.Base, r.Quote));
        return new RateTable(chosen, maxAge);
    }
}
