namespace Cashman.Domain.Money;

/// <summary>
/// The conversion rule of SPEC "Money": an amount in currency C on day D converts to R at the latest rate dated on or
/// before D and at most <c>maxAgeDays</c> older, found directly (C to R), inverted (R to C), or through EUR (C to EUR to R,
/// each leg direct or inverted), in that order. No rate is ever made up: not 1, not a later rate, not today's.
/// </summary>
public sealed class RateTable
{
    public const string Pivot = "EUR";

    private readonly Dictionary<(string Base, string Quote), (DateOnly[] Days, decimal[] Values)> _series;
    private readonly int _maxAgeDays;

    /// <param name="rates">Rates with at most one per day, pair and direction (a user's own already chosen over shared ones).</param>
    /// <param name="maxAgeDays">How many days before D a rate may be dated and still convert D.</param>
    public RateTable(IEnumerable<Rate> rates, int maxAgeDays)
    {
        ArgumentNullException.ThrowIfNull(rates);
        _maxAgeDays = maxAgeDays;
        _series = rates
            .GroupBy(r => (r.Base, r.Quote))
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var sorted = g.OrderBy(r => r.Day).ToArray();
                    return (sorted.Select(r => r.Day).ToArray(), sorted.Select(r => r.Value).ToArray());
                });
    }

    /// <summary>The pairs (either direction) a conversion from <paramref name="from"/> to <paramref name="to"/> may use.</summary>
    public static IEnumerable<(string Base, string Quote)> PairsFor(string from, string to)
    {
        yield return (from, to);
        yield return (to, from);
        foreach (var currency in new[] { from, to }.Where(c => c != Pivot))
        {
            yield return (currency, Pivot);
            yield return (Pivot, currency);
        }
    }

    /// <summary>How many units of <paramref name="to"/> one unit of <paramref name="from"/> is worth on <paramref name="day"/>, or null.</summary>
    public decimal? Factor(string from, string to, DateOnly day)
    {
        if (from == to)
        {
            return 1m;
        }

        if (Leg(from, to, day) is { } direct)
        {
            return direct;
        }

        if (from == Pivot || to == Pivot)
        {
            return null;
        }

        return Leg(from, Pivot, day) is { } toPivot && Leg(Pivot, to, day) is { } fromPivot ? toPivot * fromPivot : null;
    }

    /// <summary>
    /// <see cref="Factor"/> for every day from <paramref name="first"/> to <paramref name="last"/>, in order: the same
    /// answers, found by walking each series once instead of searching it for every day.
    /// </summary>
    public decimal?[] Factors(string from, string to, DateOnly first, DateOnly last)
    {
        var factors = new decimal?[Math.Max(0, last.DayNumber - first.DayNumber + 1)];
        if (from == to)
        {
            Array.Fill(factors, 1m);
            return factors;
        }

        var direct = new LegWalk(this, from, to);
        (LegWalk ToPivot, LegWalk FromPivot)? throughPivot = from == Pivot || to == Pivot ? null : (new LegWalk(this, from, Pivot), new LegWalk(this, Pivot, to));
        for (var i = 0; i < factors.Length; i++)
        {
            var day = first.AddDays(i);
            factors[i] = direct.At(day)
                ?? (throughPivot is var (toPivot, fromPivot) && toPivot.At(day) is { } a && fromPivot.At(day) is { } b ? a * b : null);
        }

        return factors;
    }

    /// <summary>The amount converted at full precision, or null when no rate allows it (a zero needs none).</summary>
    public decimal? Convert(decimal amount, string from, string to, DateOnly day) =>
        amount == 0 ? 0m : Factor(from, to, day) is { } factor ? amount * factor : null;

    /// <summary>Direct, else inverted.</summary>
    private decimal? Leg(string from, string to, DateOnly day) =>
        Latest(from, to, day) ?? (Latest(to, from, day) is { } inverse ? 1m / inverse : null);

    /// <summary>A leg (direct, else inverted) for days asked in increasing order, each series walked forward once.</summary>
    private sealed class LegWalk(RateTable table, string from, string to)
    {
        private readonly SeriesWalk _direct = new(table, from, to);
        private readonly SeriesWalk _inverse = new(table, to, from);

        public decimal? At(DateOnly day) => _direct.At(day) ?? (_inverse.At(day) is { } inverse ? 1m / inverse : null);
    }

    /// <summary>The latest rate of one series on or before each day asked, in increasing order of days.</summary>
    private sealed class SeriesWalk
    {
        private readonly DateOnly[] _days = [];
        private readonly decimal[] _values = [];
        private readonly int _maxAgeDays;
        private int _next;

        public SeriesWalk(RateTable table, string baseCurrency, string quote)
        {
            _maxAgeDays = table._maxAgeDays;
            if (table._series.TryGetValue((baseCurrency, quote), out var series))
            {
                (_days, _values) = series;
            }
        }

        public decimal? At(DateOnly day)
        {
            while (_next < _days.Length && _days[_next] <= day)
            {
                _next++;
            }

            var index = _next - 1;
            return index >= 0 && _days[index].DayNumber >= day.DayNumber - _maxAgeDays ? _values[index] : null;
        }
    }

    private decimal? Latest(string baseCurrency, string quote, DateOnly day)
    {
        if (!_series.TryGetValue((baseCurrency, quote), out var series))
        {
            return null;
        }

        var index = Array.BinarySearch(series.Days, day);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return index >= 0 && series.Days[index].DayNumber >= day.DayNumber - _maxAgeDays ? series.Values[index] : null;
    }
}
