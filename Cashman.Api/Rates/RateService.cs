using System.Globalization;
using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Rates;

/// <summary>The caller's own rates, the list of rates a caller sees, and the operator's shared rates.</summary>
public sealed class RateService(CashmanDbContext db, CurrentUser currentUser, NewTransactions clock)
{
    /// <summary>Rates are written in statements of this many.</summary>
    private const int Chunk = 5000;

    /// <summary>Upserts 1 to 1,000 of the caller's rates, all or none; every invalid field is named (<c>rates[2].rate</c>).</summary>
    public async Task<RatesWritten> PutAsync(RatesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Rates is not { Count: > 0 and <= RatesRequest.MaxItems } items)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["rates"] = [$"Send 1 to {RatesRequest.MaxItems} rates."] });
        }

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"rates[{i}].");
            Rate.Validate(items[i]?.Date, items[i]?.Base, items[i]?.Quote, items[i]?.Rate, prefix, errors);
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        return new RatesWritten(await UpsertOwnAsync(items.Select(r => new Rate(r.Date!.Value, r.Base!, r.Quote!, r.Rate!.Value)).ToList(), cancellationToken));
    }

    /// <summary>Upserts the rates of an ECB-format file as the caller's own, all or none.</summary>
    public async Task<RatesWritten> ImportAsync(TextReader file, CancellationToken cancellationToken)
    {
        var rates = new List<Rate>();
        await foreach (var rate in RateFile.ReadAsync(file, cancellationToken))
        {
            rates.Add(rate);
        }

        return new RatesWritten(await UpsertOwnAsync(rates, cancellationToken));
    }

    /// <summary>Deletes one of the caller's rates; a 404 when there is none.</summary>
    public async Task DeleteAsync(DateOnly date, string baseCurrency, string quote, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        if (await db.UserRates.Where(r => r.UserId == owner && r.Day == date && r.Base == baseCurrency && r.Quote == quote).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new NotFoundException();
        }
    }

    /// <summary>The rates the caller sees: their own, and the shared ones they did not replace; newest first.</summary>
    public async Task<Page<RateResponse>> ListAsync(RateListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var owner = currentUser.Id;
        var own = db.UserRates.AsNoTracking().Where(r => r.UserId == owner);
        var shared = db.SharedRates.AsNoTracking()
            .Where(s => !db.UserRates.Any(u => u.UserId == owner && u.Day == s.Day && u.Base == s.Base && u.Quote == s.Quote));
        var (b, q, from, to) = (query.Base, query.Quote, query.FromDate ?? DateOnly.MinValue, query.ToDate ?? DateOnly.MaxValue);
        var rows = own
            .Where(r => (b == null || r.Base == b) && (q == null || r.Quote == q) && r.Day >= from && r.Day <= to)
            .Select(r => new { r.Day, r.Base, r.Quote, Rate = r.Value, Own = true })
            .Concat(shared
                .Where(r => (b == null || r.Base == b) && (q == null || r.Quote == q) && r.Day >= from && r.Day <= to)
                .Select(r => new { r.Day, r.Base, r.Quote, r.Rate, Own = false }));
        var total = await rows.LongCountAsync(cancellationToken);
        var offset = (long)(query.Page - 1) * query.PageSize;
        var items = offset >= total
            ? []
            : await rows.OrderByDescending(r => r.Day).ThenBy(r => r.Base).ThenBy(r => r.Quote)
                .Skip((int)offset).Take(query.PageSize).ToListAsync(cancellationToken);
        return new Page<RateResponse>(
            [.. items.Select(r => new RateResponse(r.Day, r.Base, r.Quote, r.Rate, r.Own ? "user" : "shared"))], query.Page, query.PageSize, total);
    }

    /// <summary>The operator's <c>rates import</c>: upserts every rate of the file as shared, in chunks; returns how many.</summary>
    public async Task<long> ImportSharedAsync(TextReader file, CancellationToken cancellationToken)
    {
        long stored = 0;
        var chunk = new List<Rate>(Chunk);
        await foreach (var rate in RateFile.ReadAsync(file, cancellationToken))
        {
            chunk.Add(rate);
            if (chunk.Count == Chunk)
            {
                stored += await UpsertSharedAsync(chunk, cancellationToken);
                chunk.Clear();
            }
        }

        return stored + (chunk.Count > 0 ? await UpsertSharedAsync(chunk, cancellationToken) : 0);
    }

    private async Task<long> UpsertOwnAsync(List<Rate> rates, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var now = clock.Now();
        var unique = rates.DistinctBy(r => (r.Day, r.Base, r.Quote)).ToList();
        var (days, bases, quotes, values) = Columns(unique);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO user_rates AS t (user_id, day, base, quote, rate, updated_at)
            SELECT {owner}, r.day, r.base, r.quote, r.rate, {now}
            FROM unnest({days}, {bases}, {quotes}, {values}) AS r (day, base, quote, rate)
            ON CONFLICT (user_id, base, quote, day) DO UPDATE SET rate = EXCLUDED.rate, updated_at = EXCLUDED.updated_at
            """,
            cancellationToken);
        return unique.Count;
    }

    private async Task<long> UpsertSharedAsync(List<Rate> rates, CancellationToken cancellationToken)
    {
        var unique = rates.DistinctBy(r => (r.Day, r.Base, r.Quote)).ToList();
        var (days, bases, quotes, values) = Columns(unique);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO shared_rates AS t (day, base, quote, rate)
            SELECT r.day, r.base, r.quote, r.rate
            FROM unnest({days}, {bases}, {quotes}, {values}) AS r (day, base, quote, rate)
            ON CONFLICT (base, quote, day) DO UPDATE SET rate = EXCLUDED.rate
            """,
            cancellationToken);
        return unique.Count;
    }

    private static (DateOnly[] Days, string[] Bases, string[] Quotes, decimal[] Values) Columns(List<Rate> rates) =>
        ([.. rates.Select(r => r.Day)], [.. rates.Select(r => r.Base)], [.. rates.Select(r => r.Quote)], [.. rates.Select(r => r.Value)]);
}
