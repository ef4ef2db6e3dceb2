using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cashman.Api.Http;
using Cashman.Api.Sync;
using Cashman.Api.Telemetry;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Cashman.Api.Idempotency;

/// <summary>
/// Makes an action honour an <c>Idempotency-Key</c>: for the key's retention the same key with the same request is
/// answered with the first answer, headers included, and changes nothing; with another request it is a 422.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute, IFilterFactory
{
    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        ActivatorUtilities.CreateInstance<IdempotencyFilter>(serviceProvider);
}

/// <summary>
/// Runs an <see cref="IdempotentAttribute"/> action sent with a key in one database transaction with the record of its
/// final answer, the record last.
/// </summary>
/// <remarks>
/// The record's primary key (user, key) makes a concurrent request with the same key wait at the record's INSERT until
/// the first one commits; it then finds the record, rolls its own change back and replays the stored answer. The
/// owner's lock comes first, as in every write, so a dead pooled connection is found (and the attempt repeated) before
/// the action runs. Once the action has run it is never repeated here: a commit whose answer was lost is looked up,
/// and anything else transient is a 503 that the client retries with its key.
/// </remarks>
internal sealed class IdempotencyFilter(
    CashmanDbContext db,
    RequestTransaction transaction,
    CurrentUser currentUser,
    TimeProvider timeProvider,
    IOptions<IdempotencyOptions> options,
    PublicUrls urls,
    IOptions<JsonOptions> jsonOptions,
    CashmanMetrics metrics) : IAsyncResourceFilter, IAsyncActionFilter
{
    private byte[] _fingerprint = [];

    /// <summary>The fingerprint as answers stored before this filter took them (same request, older formula), or null.</summary>
    private byte[]? _earlierFingerprint;

    private enum Outcome
    {
        /// <summary>The action's own answer: send what it wrote.</summary>
        Answered,

        /// <summary>An earlier request's answer replaces the action's.</summary>
        Replayed,

        /// <summary>The action failed (its exception goes on to the exception handler) or answered an error: nothing was stored.</summary>
        NotStored,
    }

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyKey.HeaderName, out var header))
        {
            await next();
            return;
        }

        var cancellationToken = http.RequestAborted;
        var key = IdempotencyKey.Parse(header.ToString());
        var owner = currentUser.Id;
        // At PostgreSQL's resolution (microseconds), so that the check after a lost commit finds the record by it.
        var now = timeProvider.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var ran = false;
        IdempotencyRecord? replay = null;
        await using var buffer = new MemoryStream();
        var body = http.Response.Body;

        var outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync<object?, Outcome>(
            null,
            async (_, _, c) =>
            {
                if (ran)
                {
                    throw new RetryLimitExceededException("The request's transaction failed after its action ran; the client retries with its key.");
                }

                await transaction.BeginAsync(c);
                try
                {
                    await db.LockOwnerAsync(owner, c);
                    ran = true;
                    ResourceExecutedContext executed;
                    http.Response.Body = buffer;
                    try
                    {
                        executed = await next();
                    }
                    finally
                    {
                        http.Response.Body = body;
                    }

                    if (executed.Exception is ExternalIdTakenException && !executed.ExceptionHandled)
                    {
                        // A retry of a create that carried an external id meets its own first attempt's row: if that
                        // attempt answered this key, the retry gets that answer; otherwise the conflict stands.
                        await transaction.RollbackAsync();
                        replay = await db.FindAsync(owner, key, c);
                        executed.ExceptionHandled = replay is not null;
                        return replay is null ? Outcome.NotStored : Outcome.Replayed;
                    }

                    if ((executed.Exception is not null && !executed.ExceptionHandled) || http.Response.StatusCode is < 200 or >= 300)
                    {
                        await transaction.RollbackAsync();
                        return Outcome.NotStored;
                    }

                    if (await db.ClaimAsync(Record(http, owner, key, buffer, now), now, c))
                    {
                        await transaction.CommitAsync(c);
                        return Outcome.Answered;
                    }

                    await transaction.RollbackAsync();
                    replay = await db.FindAsync(owner, key, c);
                    return Outcome.Replayed;
                }
                catch
                {
                    await RollbackQuietlyAsync();
                    throw;
                }
            },
            // A commit whose answer was lost happened if this attempt's record is there.
            async (_, _, c) => new ExecutionResult<Outcome>(
                ran && await db.IdempotencyRecords.AnyAsync(r => r.UserId == owner && r.Key == key && r.CreatedAt == now && r.RequestHash == _fingerprint, c),
                Outcome.Answered),
            cancellationToken);

        if (outcome == Outcome.Replayed)
        {
            await ReplayAsync(http, replay!);
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(body, cancellationToken);
    }

    /// <summary>
    /// Takes the request's fingerprint once it is bound and valid: SHA-256 of its method, route and arguments as the API
    /// reads them, so that <c>5</c> and <c>5.00</c> are the same amount and server-owned fields sent along do not count.
    /// </summary>
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.HttpContext.Request.Headers.ContainsKey(IdempotencyKey.HeaderName))
        {
            return next();
        }

        var arguments = new SortedDictionary<string, object?>(
            context.ActionArguments.Where(a => a.Value is not CancellationToken).ToDictionary(),
            StringComparer.Ordinal);
        var request = $"{context.HttpContext.Request.Method} {context.ActionDescriptor.AttributeRouteInfo?.Template}\n"
            + JsonSerializer.Serialize(arguments, jsonOptions.Value.JsonSerializerOptions);
        _fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(request));
        _earlierFingerprint = EarlierFingerprint(context);
        return next();
    }

    /// <summary>
    /// How the answers stored before this filter (at most <c>Idempotency__Retention</c> before an upgrade) identified their
    /// request: the operation by the kind's name, then the body alone. A retry of such a request is still replayed.
    /// </summary>
    private byte[]? EarlierFingerprint(ActionExecutingContext context)
    {
        var operation = context.ActionDescriptor.AttributeRouteInfo?.Template switch
        {
            "incomes" => "POST Income",
            "expenses" => "POST Expense",
            "transactions/batch" => $"POST batch reimportDeleted={(context.ActionArguments.TryGetValue("reimportDeleted", out var reimport) ? reimport : false)}",
            _ => null,
        };
        return operation is null || !context.ActionArguments.TryGetValue("request", out var body)
            ? null
            : SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(body, jsonOptions.Value.JsonSerializerOptions)));
    }

    /// <summary>The action's answer as it is kept: the <c>Location</c> as a path, made absolute again when replayed.</summary>
    private IdempotencyRecord Record(HttpContext http, Guid owner, string key, MemoryStream buffer, DateTimeOffset now)
    {
        var headers = http.Response.Headers;
        return new IdempotencyRecord
        {
            UserId = owner,
            Key = key,
            RequestHash = _fingerprint,
            StatusCode = http.Response.StatusCode,
            Location = headers.Location.Count > 0 ? PublicUrls.PathOf(headers.Location.ToString()) : null,
            ETag = headers.ETag.Count > 0 ? headers.ETag.ToString() : null,
            ChangeCursor = headers.TryGetValue(ChangeCursor.HeaderName, out var cursor) ? cursor.ToString() : null,
            Body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length),
            CreatedAt = now,
            ExpiresAt = now + options.Value.Retention,
        };
    }

    /// <summary>Answers with the stored answer, if it answered the same request; the key used for another one is a 422.</summary>
    private async Task ReplayAsync(HttpContext http, IdempotencyRecord stored)
    {
        if (!CryptographicOperations.FixedTimeEquals(stored.RequestHash, _fingerprint)
            && !(_earlierFingerprint is not null && CryptographicOperations.FixedTimeEquals(stored.RequestHash, _earlierFingerprint)))
        {
            throw new IdempotencyKeyReusedException();
        }

        metrics.IdempotentReplay();
        var response = http.Response;
        response.StatusCode = stored.StatusCode;
        Set(response.Headers, HeaderNames.Location, stored.Location is null ? null : urls.For(http.Request, PublicUrls.PathOf(stored.Location)).AbsoluteUri);
        Set(response.Headers, HeaderNames.ETag, stored.ETag);
        Set(response.Headers, ChangeCursor.HeaderName, stored.ChangeCursor);
        response.Headers[IdempotencyKey.ReplayedHeaderName] = "true";
        response.ContentType = MediaTypes.JsonUtf8;
        await response.WriteAsync(stored.Body, http.RequestAborted);
    }

    private static void Set(IHeaderDictionary headers, string name, string? value)
    {
        if (value is null)
        {
            headers.Remove(name);
        }
        else
        {
            headers[name] = value;
        }
    }

    private async Task RollbackQuietlyAsync()
    {
        try
        {
            await transaction.RollbackAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone; the server has rolled the transaction back already.
        }
    }
}
