using Cashman.Api.Users;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>
/// Turns a request into a transaction of the caller, the one way single creates, updates, batches and imports do it:
/// the time at the database's resolution, a fresh UUIDv7, the day defaulting to today, and the domain's validation.
/// </summary>
public sealed class NewTransactions(CurrentUser currentUser, TimeProvider timeProvider)
{
    /// <summary>The current time at PostgreSQL's resolution (microseconds), so a response equals a later read.</summary>
    public DateTimeOffset Now()
    {
        var now = timeProvider.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>The client-owned fields of a request; an absent day is today (UTC).</summary>
    public static TransactionDetails Details(TransactionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Description, request.Amount, request.Category, request.OccurredOn ?? DateOnly.FromDateTime(now.UtcDateTime));
    }

    /// <summary>A new transaction of the caller; the domain validates it (a <see cref="Domain.Common.DomainValidationException"/> names the fields).</summary>
    public Transaction Build(TransactionKind kind, TransactionRequest request, DateTimeOffset now)
    {
        var details = Details(request, now);
        var id = Guid.CreateVersion7(now);
        return kind == TransactionKind.Income
            ? new Income(id, currentUser.Id, details, now, request.ExternalId)
            : new Expense(id, currentUser.Id, details, now, request.ExternalId);
    }
}
