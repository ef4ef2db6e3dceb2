using System.Globalization;
using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.Imports;
using Cashman.Api.Sync;
using Cashman.Api.Telemetry;
using Cashman.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// The one place exceptions become problem details. Known domain errors get their status;
/// an unreachable database is a 503 with <c>Retry-After</c>; anything else is logged once, server side, with its stack,
/// and answered as a bare 500 that says nothing of it.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetailsService,
    CashmanMetrics metrics,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ProblemDetails problem = exception switch
        {
            DomainValidationException validation => new ValidationProblemDetails(
                validation.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = "One or more fields are invalid; see errors.",
            },
            ImportRowsInvalidException import => new ValidationProblemDetails(
                import.Rows.SelectMany(r => r.Errors!.Select(e => (Key: $"lines[{r.Line}].{e.Key}", e.Value))).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = import.Message,
                Extensions = { ["invalid"] = import.Rows.Count, ["rows"] = import.Rows },
            },
            NotFoundException => new ProblemDetails { Status = StatusCodes.Status404NotFound },
            AuthenticationFailedException failed => new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Detail = failed.Message },
            ForbiddenException forbidden => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Detail = forbidden.Message },
            ConflictException conflict => new ProblemDetails { Status = StatusCodes.Status409Conflict, Detail = conflict.Message },
            ExternalIdTakenException taken => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Detail = taken.Message,
                Extensions = { ["existingId"] = taken.ExistingId },
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Detail = "The resource was changed by another request at the same time. Read it again and retry.",
            },
            ChangeCursorExpiredException expired => new ProblemDetails { Status = StatusCodes.Status410Gone, Detail = expired.Message },
            PreconditionFailedException => new ProblemDetails { Status = StatusCodes.Status412PreconditionFailed },
            IdempotencyKeyReusedException => new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity },
            BadHttpRequestException badRequest => new ProblemDetails { Status = badRequest.StatusCode },
            _ when CategoryGone(exception) => new ValidationProblemDetails(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["categoryId"] = ["The category is not one of yours (any more): it was merged or deleted meanwhile."] })
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = "One or more fields are invalid; see errors.",
            },
            _ when OwnerGone(exception) => new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Detail = AuthenticationFailedException.OwnerGone },
            _ when DatabaseUnavailable.Is(exception) => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError },
        };

        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path, RequestTrace.Id(httpContext));
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            metrics.DatabaseUnavailable();
            LogDatabaseUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, RequestTrace.Id(httpContext), exception.GetBaseException().Message);
            httpContext.Response.Headers[HeaderNames.RetryAfter] = DatabaseUnavailable.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            httpContext.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        }

        return await problemDetailsService.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// A write naming a category that a merge or a delete removed after the request read it: the trigger finds it gone
    /// under the owner's lock (the foreign keys to categories name them, and the trigger's error says so on Citus too).
    /// </summary>
    private static bool CategoryGone(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation } violation
                && (violation.MessageText.Contains(Infrastructure.Persistence.DatabaseCode.NoSuchCategory, StringComparison.Ordinal)
                    || violation.ConstraintName?.EndsWith("_categories_user_id_category_id", StringComparison.Ordinal) == true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A write that lost the race with the erasure of its user, or with the end of its login: every other foreign key of
    /// the schema points at the owner or the owner's login, so a missing parent means the caller is gone (on Citus the
    /// error relayed from a worker does not always name the constraint).
    /// </summary>
    private static bool OwnerGone(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation })
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path, string traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path} (trace {TraceId}): {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, PathString path, string traceId, string reason);
}
