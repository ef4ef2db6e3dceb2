using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cashman.Api.ErrorHandling;

/// <summary>
/// Recognises the failures that mean "the database cannot be reached right now" (after the execution strategy's
/// retries ran out, or where no retry applies), which are answered 503 rather than 500.
/// </summary>
internal static class DatabaseUnavailable
{
    /// <summary>The <c>Retry-After</c> a 503 carries, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is RetryLimitExceededException or NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
