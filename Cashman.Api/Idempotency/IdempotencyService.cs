using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cashman.Api.Telemetry;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Idempotency;

/// <summary>
/// Carries out a request sent with an <c>Idempotency-Key</c> at most once per user and key within the retention time.
/// </summary>
/// <remarks>
/// The change and the record of its answer are written in one database transaction, the record last. Its primary key
/// (user, key) makes a concurrent request with the same key wait at the record's INSERT until the first one commits;
/// it then finds the record, rolls its own change back and replays the stored answer. A request whose commit was
/// lost to a dropped connection is retried by the execution strategy and finds its own record in the same way.
/// </remarks>
public sealed class IdempotencyService(
    CashmanDbContext db,
    CurrentUser currentUser,
    TimeProvider timeProvider,
    IOptions<IdempotencyOptions> options,
    IOptions<JsonOptions> jsonOptions,
    CashmanMetrics metrics)
{
    /// <summary>SHA-256 of what identifies a request: the operation and its bound body.</summary>
    public byte[] Fingerprint<TRequest>(string operation, TRequest request) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(request, jsonOptions.Value.JsonSerializerOptions)));

    /// <summary>An answer serialized the way MVC would send it; <paramref name="created"/> counts the transactions it wrote.</summary>
    public StoredResponse Render<TBody>(int statusCode, TBody body, string? location, string? etag, string? changeCursor, int created = 0) =>
        new(statusCode, location, etag, changeCursor, JsonSerializer.Serialize(body, jsonOptions.Value.JsonSerializerOptions)) { Created = created };

    /// <summary>True when the request carries an <c>Idempotency-Key</c> (even an empty one, which is then a 400).</summary>
    public static bool IsRequested(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.ContainsKey(IdempotencyKey.HeaderName);
    }

    /// <summary>
    /// Carries out a request sent with an <c>Idempotency-Key</c> at most once (<see cref="ExecuteOnceAsync"/>) and writes
    /// its answer, stored or replayed, as the response.
    /// </summary>
    public async Task<ContentResult> AnswerOnceAsync<TRequest>(
        HttpContext context,
        string? headerValue,
        string operation,
        TRequest request,
        Func<CancellationToken, Task<StoredResponse>> run,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = IdempotencyKey.Parse(headerValue ?? string.Empty);
        var answer = await ExecuteOnceAsync(key, Fingerprint(operation, request), run, cancellationToken);
        return answer.ToActionResult(context);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> (which writes through this request's <see cref="CashmanDbContext"/>) unless the
    /// key was used already, in which case the stored answer is returned instead.
    /// </summary>
    /// <exception cref="IdempotencyKeyReusedException">The key was used with a different request.</exception>
    public async Task<StoredResponse> ExecuteOnceAsync(
        string key,
        byte[] requestHash,
        Func<CancellationToken, Task<StoredResponse>> operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var owner = currentUser.Id;
        var retention = options.Value.Retention;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async c =>
            {
                db.ChangeTracker.Clear();

                // No savepoint around SaveChanges: a failure rolls the whole transaction back anyway, and EF Core
                // swallows a failed RELEASE SAVEPOINT, which on a dropped connection left the next statement with a
                // dead transaction (an InvalidOperationException, not a retryable error).
                db.Database.AutoSavepointsEnabled = false;
                await using var transaction = await db.Database.BeginTransactionAsync(c);
                StoredResponse response;
                try
                {
                    response = await operation(c);
                }
                catch (ExternalIdTakenException)
                {
                    // A retry of a create that carried an external id meets its own first attempt's row: if that attempt
                    // answered this key, the retry gets that answer; otherwise the conflict stands.
                    await transaction.RollbackAsync(c);
                    if (await StoredAsync(owner, key, c) is not { } earlier)
                    {
                        throw;
                    }

                    return Replay(earlier, requestHash);
                }

                var now = timeProvider.GetUtcNow();
                var expires = now + retention;

                // Claims the key, or takes over one that has expired; waits while another transaction holds it.
                var claimed = await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO idempotency_records AS r (user_id, key, request_hash, status_code, location, etag, change_cursor, body, created_at, expires_at)
                    VALUES ({owner}, {key}, {requestHash}, {response.StatusCode}, {response.Location}, {response.ETag}, {response.ChangeCursor}, {response.Body}, {now}, {expires})
                    ON CONFLICT (user_id, key) DO UPDATE SET
                        request_hash = excluded.request_hash, status_code = excluded.status_code, location = excluded.location,
                        etag = excluded.etag, change_cursor = excluded.change_cursor, body = excluded.body,
                        created_at = excluded.created_at, expires_at = excluded.expires_at
                    WHERE r.expires_at <= {now}
                    """,
                    c);
                if (claimed == 1)
                {
                    await transaction.CommitAsync(c);
                    metrics.TransactionsWritten(WriteOperation.Create, response.Created);
                    return response;
                }

                await transaction.RollbackAsync(c);
                return Replay((await StoredAsync(owner, key, c))!, requestHash);
            },
            cancellationToken);
    }

    private Task<IdempotencyRecord?> StoredAsync(Guid owner, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == owner && r.Key == key, cancellationToken);

    /// <summary>The stored answer, if it answered the same request; the key used for a different one is a 422.</summary>
    private StoredResponse Replay(IdempotencyRecord stored, byte[] requestHash)
    {
        if (!CryptographicOperations.FixedTimeEquals(stored.RequestHash, requestHash))
        {
            throw new IdempotencyKeyReusedException();
        }

        metrics.IdempotentReplay();
        return new StoredResponse(stored.StatusCode, stored.Location, stored.ETag, stored.ChangeCursor, stored.Body, Replayed: true);
    }
}
