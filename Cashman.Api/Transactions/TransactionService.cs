using AutoMapper;
using Cashman.Api.Accounts;
using Cashman.Api.Http;
using Cashman.Api.Telemetry;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cashman.Api.Transactions;

/// <summary>
/// The writes of incomes and expenses: every operation takes the kind it works on, so an expense's id under
/// <c>/incomes</c> is simply not found. Every query is filtered by the caller, so another user's id is not found either,
/// and every new row is owned by the caller. Each write runs in the request's database transaction
/// (<see cref="RequestTransaction"/>), which retries it and checks a commit whose outcome was lost rather than repeat it.
/// </summary>
public sealed class TransactionService(
    CashmanDbContext db,
    RequestTransaction requestTransaction,
    ExternalIds externalIds,
    IMapper mapper,
    CurrentUser currentUser,
    NewTransactions newTransactions,
    CallerAccounts callerAccounts,
    CashmanMetrics metrics)
{
    /// <summary>
    /// Stores a new transaction: on its own, one statement in an implicit transaction (one round trip, and the owner's
    /// running-totals row, which the trigger locks, stays locked only while it commits). An external id the caller already
    /// has is a conflict naming its row.
    /// </summary>
    public async Task<TransactionResponse> CreateAsync(TransactionKind kind, TransactionInput request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var book = await callerAccounts.BookAsync([request.AccountId, request.ToAccountId], cancellationToken, categoryIds: [request.CategoryId]);
        var transaction = newTransactions.Build(kind, request, book, newTransactions.Now());
        if (transaction.ExternalId is { } externalId && await ExternalIds.FindAsync(db, transaction.UserId, externalId, cancellationToken) is { } existing)
        {
            throw new ExternalIdTakenException(existing);
        }

        var changeSeq = await externalIds.InsertAsync(
            transaction,
            c => requestTransaction.StatementAsync(
                (context, c2) => context.InsertAsync(transaction, c2),
                async (_, c2) => await Of(null).Where(t => t.Id == transaction.Id).Select(t => (long?)t.ChangeSeq).SingleOrDefaultAsync(c2) is { } stored
                    ? new ExecutionResult<long>(true, stored)
                    : new ExecutionResult<long>(false, 0),
                c),
            cancellationToken);
        requestTransaction.AfterCommit(() => metrics.TransactionsWritten(WriteOperation.Create));
        return mapper.Map<Transaction, TransactionResponse>(transaction) with { ChangeSeq = changeSeq };
    }

    /// <summary>
    /// Replaces the fields of a transaction. With <paramref name="ifMatch"/>, only if its version still matches:
    /// the UPDATE is conditional on the version read, so of two concurrent writers with the same version exactly one wins.
    /// </summary>
    public async Task<TransactionResponse> UpdateAsync(
        TransactionKind kind, Guid id, TransactionInput request, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var transaction = await Of(kind).SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            ?? throw new NotFoundException();
        ifMatch?.Check(transaction.Version);
        var book = await callerAccounts.BookAsync(
            [request.AccountId, request.ToAccountId, transaction.AccountId, transaction.ToAccountId], cancellationToken, categoryIds: [request.CategoryId]);
        var now = newTransactions.Now();
        NewTransactions.Update(transaction, request, book, now);
        try
        {
            // The owner's lock before the row's, as every write of the owner and the erasure take them.
            var owner = currentUser.Id;
            await requestTransaction.ExecuteAsync(
                async (context, c) =>
                {
                    await context.LockOwnerAsync(owner, c);
                    return await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
                },
                (_, c) => Of(kind).AnyAsync(t => t.Id == id && t.UpdatedAt == now, c),
                cancellationToken);
            db.ChangeTracker.AcceptAllChanges();

            // A path without an id: the trigger resolved it to a category (creating it if need be) within the update.
            if (transaction.CategoryId is null && transaction.Category is not null)
            {
                var category = await Of(kind).Where(t => t.Id == id).Select(t => new { t.CategoryId, t.Category }).SingleAsync(cancellationToken);
                transaction.Categorised(category.CategoryId, category.Category);
            }
        }
        catch (DbUpdateConcurrencyException) when (ifMatch is not null)
        {
            throw new PreconditionFailedException();
        }

        requestTransaction.AfterCommit(() => metrics.TransactionsWritten(WriteOperation.Update));
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
            var seq = await requestTransaction.ExecuteAsync(
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
            requestTransaction.AfterCommit(() => metrics.TransactionsWritten(WriteOperation.Delete));
            return seq;
        }
        catch (DbUpdateConcurrencyException) when (ifMatch is not null)
        {
            throw new PreconditionFailedException();
        }

        IQueryable<DeletedTransaction> Marker() => db.DeletedTransactions.AsNoTracking().Where(d => d.UserId == owner && d.Id == id);
    }

    private IQueryable<Transaction> Of(TransactionKind? kind) => TransactionFilter.Owned(db, currentUser.Id, kind);
}
