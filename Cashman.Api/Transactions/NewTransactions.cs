using Cashman.Api.Accounts;
using Cashman.Api.Users;
using Cashman.Domain.Categories;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>
/// What every way of writing a transaction sends, whatever its contract (<see cref="TransactionRequest"/>, a batch item,
/// <see cref="TransferRequest"/>, an imported row): nothing here is trusted until a transaction accepts it.
/// </summary>
public sealed record TransactionInput(
    Guid? AccountId,
    string? Description,
    decimal? Amount,
    string? Category,
    DateOnly? OccurredOn,
    string? ExternalId,
    Guid? ToAccountId = null,
    decimal? ToAmount = null,
    Guid? CategoryId = null)
{
    public const string AccountField = "accountId";
    public const string ToAccountField = "toAccountId";
    public const string CategoryIdField = "categoryId";
}

/// <summary>
/// Turns a request into a transaction of the caller, the one way single creates, updates, batches and imports do it:
/// the time at the database's resolution, a fresh UUIDv7, the account (the default one when none is named), the day
/// defaulting to today in the caller's time zone, and the domain's validation.
/// </summary>
public sealed class NewTransactions(CurrentUser currentUser, TimeProvider timeProvider)
{
    /// <summary>The current time at PostgreSQL's resolution (microseconds), so a response equals a later read.</summary>
    public DateTimeOffset Now()
    {
        var now = timeProvider.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>
    /// The client-owned fields of a request; an absent day is today in the caller's time zone. A <c>categoryId</c> must be
    /// one of the caller's categories (its path read into <paramref name="book"/>), and a <c>category</c> sent with it must
    /// name the same one; otherwise the error joins <paramref name="errors"/>.
    /// </summary>
    public static TransactionDetails Details(TransactionInput request, AccountBook book, DateTimeOffset now, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(errors);
        var category = request.Category;
        if (request.CategoryId is { } categoryId)
        {
            if (book.CategoryPath(categoryId) is not { } path)
            {
                errors[TransactionInput.CategoryIdField] = ["The category must be one of your categories."];
            }
            else if (CategoryRules.PathError(category, "category", out var named) is null && named is not null
                && !string.Equals(named.ToString(), path, StringComparison.OrdinalIgnoreCase))
            {
                errors["category"] = [$"The category names another category than categoryId, whose path is {path}; send one of them."];
            }
            else
            {
                category = path;
            }
        }

        return new(request.Description, request.Amount, category, request.OccurredOn ?? book.Today(now), request.CategoryId);
    }

    /// <summary>
    /// A new transaction of the caller; the domain validates it, and an account that is not the caller's (or archived)
    /// joins the other errors (a <see cref="Domain.Common.DomainValidationException"/> names every field).
    /// </summary>
    public Transaction Build(TransactionKind kind, TransactionInput request, AccountBook book, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(book);
        var errors = new Dictionary<string, string[]>();
        var details = Details(request, book, now, errors);
        var id = Guid.CreateVersion7(now);
        var account = book.Find(request.AccountId, TransactionInput.AccountField, errors) ?? Placeholder(book);
        var destination = kind == TransactionKind.Transfer ? Destination(request, book, errors) : null;
        return Validated(
            errors,
            () => kind switch
            {
                TransactionKind.Income => new Income(id, currentUser.Id, account, details, now, request.ExternalId),
                TransactionKind.Expense => new Expense(id, currentUser.Id, account, details, now, request.ExternalId),
                _ => new Transfer(id, currentUser.Id, account, destination ?? new TransferDestination(Placeholder(book), request.ToAmount), details, now, request.ExternalId),
            });
    }

    /// <summary>Applies a <c>PUT</c>: an absent account keeps the current one, so clients that never name accounts keep working.</summary>
    public static void Update(Transaction transaction, TransactionInput request, AccountBook book, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var account = book.Find(request.AccountId ?? transaction.AccountId, TransactionInput.AccountField, errors) ?? Placeholder(book);
        var details = Details(request, book, now, errors);
        var destination = transaction is Transfer ? Destination(request with { ToAccountId = request.ToAccountId ?? transaction.ToAccountId }, book, errors) : null;
        Validated(
            errors,
            () =>
            {
                if (transaction is Transfer transfer)
                {
                    transfer.Update(account, destination ?? new TransferDestination(Placeholder(book), request.ToAmount), details, now);
                }
                else
                {
                    transaction.Update(account, details, now);
                }

                return transaction;
            });
    }

    private static TransferDestination? Destination(TransactionInput request, AccountBook book, Dictionary<string, string[]> errors)
    {
        if (request.ToAccountId is null)
        {
            errors[TransactionInput.ToAccountField] = ["A transfer needs toAccountId, the account the money goes to."];
            return null;
        }

        return book.Find(request.ToAccountId, TransactionInput.ToAccountField, errors) is { } to ? new TransferDestination(to, request.ToAmount) : null;
    }

    /// <summary>
    /// Builds, and reports the accounts' errors with the domain's in one 400. An account that was not found is replaced by
    /// a placeholder in the base currency so that the other fields are still checked; nothing built with one is returned.
    /// </summary>
    private static Transaction Validated(Dictionary<string, string[]> errors, Func<Transaction> build)
    {
        try
        {
            var built = build();
            if (errors.Count == 0)
            {
                return built;
            }
        }
        catch (Domain.Common.DomainValidationException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                errors.TryAdd(field, messages);
            }
        }

        throw new Domain.Common.DomainValidationException(errors);
    }

    private static Domain.Money.AccountRef Placeholder(AccountBook book) => new(Guid.CreateVersion7(), book.BaseCurrency);
}
