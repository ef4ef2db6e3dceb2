using AutoMapper;
using AutoMapper.QueryableExtensions;
using Cashman.Api.Http;
using Cashman.Api.Telemetry;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cashman.Api.Transactions;

/// <summary>
/// The one code path for incomes and expenses: every operation takes the kind it works on,
/// so an expense's id under <c>/incomes</c> is simply not found. Every query is filtered by the caller,
/// so another user's id is not found either, and every new row is owned by the caller.
/// </summary>
public sealed class TransactionService(
    CashmanDbContext db,
    IMapper mapper,
    CurrentUser currentUser,
    NewTransactions newTransactions,
    IServiceScopeFactory scopes,
    CashmanMetrics metrics)
{
    /// <summary>Stores a new transaction in a transaction of its own; a commit whose outcome was lost is checked, not repeated.</summary>
    public async Task<TransactionResponse> CreateAsync(TransactionKind kind, TransactionRequest request, CancellationToken cancellationToken)
    {
        var transaction = await AddAsync(kind, request, cancellationToken);
        await InsertAsync(
            transaction,
            c => SaveAsync(c2 => Owned(db.Transactions).AnyAsync(t => t.Id == transaction.Id, c2), c),
            cancellationToken);
        metrics.TransactionsWritten(WriteOperation.Create);
        return mapper.Map<Transaction, TransactionResponse>(transaction);
    }

    /// <summary>Stores a new transaction within the database transaction the caller has begun.</summary>
    public async Task<TransactionResponse> CreateWithinTransactionAsync(TransactionKind kind, TransactionRequest request, CancellationToken cancellationToken)
    {
        var transaction = await AddAsync(kind, request, cancellationToken);
        await InsertAsync(transaction, db.SaveChangesAsync, cancellationToken);
        return mapper.Map<Transaction, TransactionResponse>(transaction);
    }

    public async Task<TransactionResponse> GetAsync(TransactionKind kind, Guid id, CancellationToken cancellationToken) =>
        await Of(kind)
            .AsNoTracking()
            .Where(t => t.Id == id)
            .ProjectTo<TransactionResponse>(mapper.ConfigurationProvider)
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException();

    public async Task<Page<TransactionResponse>> ListAsync(TransactionKind? kind, ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var source = Filter((kind is { } k ? Of(k) : Owned(db.Transactions)).AsNoTracking(), query);

        // Unfiltered lists take their total from the running totals (one row), not from counting every row.
        var total = query.HasFilters
            ? await source.LongCountAsync(cancellationToken)
            : await UnfilteredCountAsync(kind, cancellationToken);
        // page × pageSize reaches far past 32 bits; a page past the last is empty, not another page's rows.
        var offset = (long)(query.Page - 1) * query.PageSize;
        var items = offset >= total
            ? []
            : await Sort(source, query.Sort)
                .Skip((int)offset)
                .Take(query.PageSize)
                .ProjectTo<TransactionResponse>(mapper.ConfigurationProvider)
                .ToListAsync(cancellationToken);
        return new Page<TransactionResponse>(items, query.Page, query.PageSize, total);
    }

    /// <summary>
    /// Replaces the fields of a transaction. With <paramref name="ifMatch"/>, only if its version still matches:
    /// the UPDATE is conditional on the version read, so of two concurrent writers with the same version exactly one wins.
    /// </summary>
    public async Task<TransactionResponse> UpdateAsync(
        TransactionKind kind, Guid id, TransactionRequest request, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var transaction = await Of(kind).SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            ?? throw new NotFoundException();
        ifMatch?.Check(transaction.Version);
        var now = newTransactions.Now();
        transaction.Update(NewTransactions.Details(request, now), now);
        try
        {
            // The owner's lock before the row's, as every write of the owner and the erasure take them.
            var owner = currentUser.Id;
            await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(
                db,
                async (context, c) =>
                {
                    await context.LockOwnerAsync(owner, c);
                    return await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
                },
                (_, c) => Of(kind).AnyAsync(t => t.Id == id && t.UpdatedAt == now, c),
                cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
        }
        catch (DbUpdateConcurrencyException) when (ifMatch is not null)
        {
            throw new PreconditionFailedException();
        }

        metrics.TransactionsWritten(WriteOperation.Update);
        return mapper.Map<Transaction, TransactionResponse>(transaction);
    }

    /// <summary>
    /// Deletes a transaction; with <paramref name="ifMatch"/>, only if its version still matches. Returns the delete's
    /// place in the change feed, read from the marker the delete left.
    /// </summary>
    public async Task<long> DeleteAsync(TransactionKind kind, Guid id, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        if (ifMatch is not null)
        {
            var transaction = await Of(kind).SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
                ?? throw new NotFoundException();
            ifMatch.Check(transaction.Version);
            db.Transactions.Remove(transaction);
        }

        var owner = currentUser.Id;
        try
        {
            var seq = await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(
                db,
                async (context, c) =>
                {
                    // The owner's lock before the row's, as every write of the owner and the erasure take them.
                    await context.LockOwnerAsync(owner, c);
                    var deleted = ifMatch is null
                        ? await Of(kind).Where(t => t.Id == id).ExecuteDeleteAsync(c)
                        : await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
                    if (deleted == 0)
                    {
                        throw new NotFoundException();
                    }

                    return await Marker().Select(d => d.ChangeSeq).SingleAsync(c);
                },
                (_, c) => Marker().AnyAsync(c),
                cancellationToken);
            metrics.TransactionsWritten(WriteOperation.Delete);
            return seq;
        }
        catch (DbUpdateConcurrencyException) when (ifMatch is not null)
        {
            throw new PreconditionFailedException();
        }

        IQueryable<DeletedTransaction> Marker() => db.DeletedTransactions.AsNoTracking().Where(d => d.UserId == owner && d.Id == id);
    }

    /// <summary>
    /// Saves a new row through the retrying execution strategy as a single statement in its own implicit
    /// transaction: one round trip, and the owner's running-totals row, which the trigger locks before the row exists,
    /// stays locked only while the statement commits rather than until a separate COMMIT arrives. When the connection drops during it,
    /// <paramref name="succeeded"/> decides whether it committed, so that it is not repeated.
    /// </summary>
    private async Task SaveAsync(Func<CancellationToken, Task<bool>> succeeded, CancellationToken cancellationToken)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(
            db,
            (context, c) => context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c),
            async (_, c) => new ExecutionResult<int>(await succeeded(c), 1),
            cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>Validates and adds a new transaction; an external id the caller already has is a conflict naming its row.</summary>
    private async Task<Transaction> AddAsync(TransactionKind kind, TransactionRequest request, CancellationToken cancellationToken)
    {
        var transaction = newTransactions.Build(kind, request, newTransactions.Now());
        if (transaction.ExternalId is { } externalId && await ExistingIdAsync(db, transaction.UserId, externalId, cancellationToken) is { } existing)
        {
            throw new ExternalIdTakenException(existing);
        }

        db.Transactions.Add(transaction);
        return transaction;
    }

    /// <summary>
    /// Runs the insert; when a concurrent request stored the same external id first, the unique index refuses this one
    /// and the answer names the row that won. It is read on a connection of its own: this one's transaction may be aborted.
    /// Any unique violation is checked this way: on Citus the error relayed from a worker does not name the constraint,
    /// and the only other unique key of a new row is its fresh UUIDv7.
    /// </summary>
    private async Task InsertAsync(Transaction transaction, Func<CancellationToken, Task> insert, CancellationToken cancellationToken)
    {
        try
        {
            await insert(cancellationToken);
        }
        catch (DbUpdateException exception) when (transaction.ExternalId is not null
            && exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await using var scope = scopes.CreateAsyncScope();
            var fresh = scope.ServiceProvider.GetRequiredService<CashmanDbContext>();
            if (await ExistingIdAsync(fresh, transaction.UserId, transaction.ExternalId, cancellationToken) is not { } existing)
            {
                throw;
            }

            throw new ExternalIdTakenException(existing);
        }
    }

    private static Task<Guid?> ExistingIdAsync(CashmanDbContext context, Guid owner, string externalId, CancellationToken cancellationToken) =>
        context.Transactions.AsNoTracking()
            .Where(t => t.UserId == owner && t.ExternalId == externalId)
            .Select(t => (Guid?)t.Id)
            .SingleOrDefaultAsync(cancellationToken);

    public static IQueryable<Transaction> Filter(IQueryable<Transaction> source, FilterQuery query)
    {
        if (query.FromDate is { } from)
        {
            source = source.Where(t => t.OccurredOn >= from);
        }

        if (query.ToDate is { } to)
        {
            source = source.Where(t => t.OccurredOn <= to);
        }

        // abs(amount) matches the expression index ix_transactions_user_id_type_abs_amount.
        if (query.MinAmount is { } min)
        {
            source = source.Where(t => Math.Abs(t.Amount) >= min);
        }

        if (query.MaxAmount is { } max)
        {
            source = source.Where(t => Math.Abs(t.Amount) <= max);
        }

        if (!string.IsNullOrEmpty(query.Q))
        {
            var pattern = "%" + EscapeLike(query.Q) + "%";
            source = source.Where(t => EF.Functions.ILike(t.Description, pattern, LikeEscape));
        }

        if (!string.IsNullOrEmpty(query.Category))
        {
            // lower(category) = lower(@category) matches the expression index ix_transactions_user_id_type_lower_category.
            var category = query.Category.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // Translated to SQL lower(); string.Equals with a StringComparison is not translatable.
            source = source.Where(t => t.Category != null && t.Category.ToLower() == category);
#pragma warning restore CA1862
        }

        return source;
    }

    /// <summary>The requested order, then newest first (created_at, then id) so that equal keys page stably.</summary>
    private static IQueryable<Transaction> Sort(IQueryable<Transaction> source, string? sort)
    {
        var descending = sort is null || sort.StartsWith('-');
        var ordered = (sort?.TrimStart('-') ?? "occurredOn") switch
        {
            "amount" => descending ? source.OrderByDescending(t => Math.Abs(t.Amount)) : source.OrderBy(t => Math.Abs(t.Amount)),
            "createdAt" => descending ? source.OrderByDescending(t => t.CreatedAt) : source.OrderBy(t => t.CreatedAt),
            "description" => descending ? source.OrderByDescending(t => t.Description) : source.OrderBy(t => t.Description),
            _ => descending ? source.OrderByDescending(t => t.OccurredOn) : source.OrderBy(t => t.OccurredOn),
        };
        return ordered.ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);
    }

    private async Task<long> UnfilteredCountAsync(TransactionKind? kind, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var totals = await db.UserTotals.AsNoTracking().SingleOrDefaultAsync(t => t.UserId == owner, cancellationToken);
        return kind switch
        {
            null => (totals?.IncomeCount ?? 0) + (totals?.ExpenseCount ?? 0),
            TransactionKind.Income => totals?.IncomeCount ?? 0,
            _ => totals?.ExpenseCount ?? 0,
        };
    }

    private const string LikeEscape = "\\";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private IQueryable<Transaction> Of(TransactionKind kind) =>
        kind == TransactionKind.Income ? Owned(db.Incomes) : Owned(db.Expenses);

    private IQueryable<Transaction> Owned(IQueryable<Transaction> source)
    {
        var owner = currentUser.Id;
        return source.Where(t => t.UserId == owner);
    }
}
