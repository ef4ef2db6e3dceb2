using System.Diagnostics.Metrics;
using Cashman.Api.ErrorHandling;

namespace Cashman.Api.Telemetry;

/// <summary>
/// Cashman's own counters, on the meter <see cref="MeterName"/>: transactions written (by operation), idempotent
/// replays, rate-limit rejections (by limiter) and answers given because the database could not be reached.
/// </summary>
public sealed class CashmanMetrics
{
    public const string MeterName = "Cashman";

    private readonly Counter<long> _transactionsWritten;
    private readonly Counter<long> _idempotentReplays;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _databaseUnavailable;

    public CashmanMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _transactionsWritten = meter.CreateCounter<long>(
            "cashman.transactions.written", "{transaction}", "Transactions created, updated or deleted, counted once committed.");
        _idempotentReplays = meter.CreateCounter<long>(
            "cashman.idempotent.replays", "{request}", "Requests answered with the stored answer of their Idempotency-Key.");
        _rateLimitRejections = meter.CreateCounter<long>(
            "cashman.rate_limit.rejections", "{request}", "Requests refused with 429 by a rate limiter.");
        _databaseUnavailable = meter.CreateCounter<long>(
            "cashman.database.unavailable", "{request}", "Requests answered 503 because the database could not be reached.");
    }

    /// <summary>Counts committed writes: <paramref name="operation"/> is <c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    public void TransactionsWritten(string operation, int count = 1)
    {
        if (count > 0)
        {
            _transactionsWritten.Add(count, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public void IdempotentReplay() => _idempotentReplays.Add(1);

    public void RateLimitRejected(string limiter) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("limiter", limiter));

    public void DatabaseUnavailable() => _databaseUnavailable.Add(1);
}

/// <summary>The <c>operation</c> tag of <c>cashman.transactions.written</c>.</summary>
public static class WriteOperation
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
}
