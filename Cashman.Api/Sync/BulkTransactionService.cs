using System.Globalization;
using Cashman.Api.Accounts;
using Cashman.Api.Telemetry;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Sync;

/// <summary>What became of one new transaction of a batch or an import.</summary>
/// <param name="Status"><see cref="BatchItemResult.Created"/>, <see cref="BatchItemResult.Duplicate"/> or <see cref="BatchItemResult.Deleted"/>.</param>
/// <param name="Id">The new transaction, or the stored or deleted one that has its external id.</param>
public sealed record BulkResult(string Status, Guid Id);

/// <summary>The results in input order, and the change-feed position that includes them.</summary>
public sealed record BulkOutcome(IReadOnlyList<BulkResult> Results, long ChangeSeq)
{
    public int Created => Results.Count(r => r.Status == BatchItemResult.Created);
}

/// <summary>
/// Stores many new transactions at once, all or none, in one database transaction: the batch endpoint and the CSV
/// import share it. An external id already stored, or met earlier in the same input, is a duplicate; one that belongs
/// to a transaction the user deleted is reported as deleted and left alone unless re-importing deleted ones is asked for.
/// </summary>
/// <remarks>
/// The owner's totals row is locked first, so no other write of the same user commits between the look-up of external
/// ids and the insert; the rows then go in with one binary <c>COPY</c>, numbered and added to the totals once for the set
/// (<see cref="AccountedCopy"/>).
/// </remarks>
public sealed class BulkTransactionService(
    CashmanDbContext db,
    RequestTransaction requestTransaction,
    StreamingReads streaming,
    CurrentUser currentUser,
    NewTransactions newTransactions,
    CallerAccounts callerAccounts,
    CashmanMetrics metrics)
{
    /// <summary>Rows of a stream whose external ids are looked up together.</summary>
    private const int ChunkRows = 2000;

    /// <summary>Validates a whole batch; every invalid field of every item is named (<c>items[3].amount</c>) in one 400.</summary>
    private List<Transaction> BuildBatch(BatchRequest request, AccountBook book)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Items is not { Count: > 0 and <= BatchRequest.MaxItems } items)
        {
            errors["items"] = [$"Send 1 to {BatchRequest.MaxItems} items."];
            throw new DomainValidationException(errors);
        }

        var now = newTransactions.Now();
        var rows = new List<Transaction>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"items[{i}].");
            if (items[i] is not { } item)
            {
                errors[prefix.TrimEnd('.')] = ["The item is required."];
                continue;
            }

            var kind = TransactionKindNames.Parse(item.Type);
            if (kind is null)
            {
                errors[prefix + "type"] = ["The type must be income, expense or transfer."];
            }

            try
            {
                rows.Add(newTransactions.Build(kind ?? TransactionKind.Expense, item.ToInput(), book, now));
            }
            catch (DomainValidationException invalid)
            {
                foreach (var (field, messages) in invalid.Errors)
                {
                    errors[prefix + field] = messages;
                }
            }
        }

        return errors.Count > 0 ? throw new DomainValidationException(errors) : rows;
    }

    /// <summary><c>POST /transactions/batch</c>: validates every item, then stores the new ones.</summary>
    public async Task<BatchResponse> StoreBatchAsync(BatchRequest request, bool reimportDeleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var book = await callerAccounts.BookAsync(
            request.Items?.SelectMany(i => new[] { i?.AccountId, i?.ToAccountId }) ?? [], cancellationToken, categoryIds: request.Items?.Select(i => i?.CategoryId));
        var outcome = await StoreAsync(BuildBatch(request, book), reimportDeleted, dryRun: false, cancellationToken);
        return new([.. outcome.Results.Select((r, i) => new BatchItemResult(i, r.Status, r.Id))]) { ChangeSeq = outcome.ChangeSeq };
    }

    /// <summary>
    /// Stores the new ones among <paramref name="rows"/>, or with <paramref name="dryRun"/> only says what would happen,
    /// in the request's database transaction (<see cref="RequestTransaction"/>).
    /// </summary>
    public async Task<BulkOutcome> StoreAsync(IReadOnlyList<Transaction> rows, bool reimportDeleted, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (dryRun)
        {
            return await StoreWithinTransactionAsync(rows, reimportDeleted, dryRun, cancellationToken);
        }

        var owner = currentUser.Id;
        var outcome = await requestTransaction.ExecuteAsync(
            (_, c) => StoreWithinTransactionAsync(rows, reimportDeleted, dryRun: false, c),
            (context, c) =>
            {
                // A commit whose answer was lost happened if any of these fresh ids is stored (or none was to be created:
                // then a repeat changes nothing either).
                var ids = rows.Select(t => t.Id).ToList();
                return context.Transactions.AnyAsync(t => t.UserId == owner && ids.Contains(t.Id), c);
            },
            cancellationToken);
        requestTransaction.AfterCommit(() => metrics.TransactionsWritten(WriteOperation.Create, outcome.Created));
        return outcome;
    }

    /// <summary>
    /// Stores the new ones among <paramref name="rows"/> as they arrive (an import streamed from its body), or with
    /// <paramref name="dryRun"/> only says what would happen. The rows are written to the <c>COPY</c> while the rest are
    /// still being read, so neither the file nor its transactions are ever held whole, and reading and writing overlap.
    /// An exception from <paramref name="rows"/> (an invalid line) cancels the copy and stores nothing.
    /// </summary>
    /// <remarks>
    /// The body cannot be read twice, so this is not retried: a transient failure is a 503 and the client sends the file
    /// again (its external ids make that safe). External ids are looked up in chunks on a second connection, because
    /// this one is busy with the copy; the owner's lock, taken first, keeps every other write of the owner from
    /// committing meanwhile, so what that connection sees is exact.
    /// </remarks>
    /// <param name="rows">The new transactions, as they are read.</param>
    /// <param name="book">The caller's accounts, with any the rows need created (<see cref="AccountBook.AddNew"/>).</param>
    /// <param name="reimportDeleted">Whether a row whose external id belongs to a deleted transaction is created again.</param>
    /// <param name="dryRun">Only say what would happen.</param>
    /// <param name="cancellationToken">Aborts the work and stores nothing.</param>
    public async Task<BulkOutcome> StoreStreamAsync(
        IAsyncEnumerable<Transaction> rows, AccountBook book, bool reimportDeleted, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(rows);
        var owner = currentUser.Id;
        await using var write = streaming.Open();
        await using var lookup = streaming.Open();
        await using var transaction = dryRun ? null : await write.Database.BeginTransactionAsync(cancellationToken);
        var seq = dryRun ? 0 : await write.LockOwnerAsync(owner, cancellationToken);
        await using var copy = dryRun ? null : await AccountedCopy.BeginAsync(write, owner, seq, cancellationToken);
        var outcomes = new Outcomes(reimportDeleted);
        var chunk = new List<Transaction>(ChunkRows);
        async Task StoreChunkAsync()
        {
            await outcomes.LookUpAsync(lookup, owner, chunk, cancellationToken);
            foreach (var row in chunk.Where(outcomes.Classify))
            {
                if (copy is null)
                {
                    continue;
                }

                if (book.TakeNew(row.AccountId, row.ToAccountId) is { Count: > 0 } fresh)
                {
                    await copy.InsertBetweenAsync(
                        async () =>
                        {
                            write.Accounts.AddRange(fresh);
                            await write.SaveChangesAsync(cancellationToken);
                        },
                        cancellationToken);
                }

                await copy.WriteAsync(row, cancellationToken);
            }

            chunk.Clear();
        }

        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            chunk.Add(row);
            if (chunk.Count == ChunkRows)
            {
                await StoreChunkAsync();
            }
        }

        await StoreChunkAsync();
        var outcome = new BulkOutcome(outcomes.Results, seq);
        if (copy is not null)
        {
            outcome = outcome with { ChangeSeq = await copy.CompleteAsync(cancellationToken) };
            await transaction!.CommitAsync(cancellationToken);
            metrics.TransactionsWritten(WriteOperation.Create, outcome.Created);
        }

        return outcome;
    }

    private async Task<BulkOutcome> StoreWithinTransactionAsync(IReadOnlyList<Transaction> rows, bool reimportDeleted, bool dryRun, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;

        // Without new rows, the position at the lock already includes every stored and deleted row the input names.
        var seq = dryRun ? 0 : await db.LockOwnerAsync(owner, cancellationToken);
        return await StoreLockedAsync(seq, rows, reimportDeleted, dryRun, cancellationToken);
    }

    /// <summary>
    /// Stores the new ones among <paramref name="rows"/> within the request's database transaction, under the owner's
    /// lock, which the caller took (<see cref="TransactionRows.LockOwnerAsync"/>, whose number <paramref name="seq"/> is).
    /// </summary>
    public async Task<BulkOutcome> StoreLockedAsync(long seq, IReadOnlyList<Transaction> rows, bool reimportDeleted, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var owner = currentUser.Id;
        var outcomes = new Outcomes(reimportDeleted);
        await outcomes.LookUpAsync(db, owner, rows, cancellationToken);
        var created = rows.Where(outcomes.Classify).ToList();
        if (!dryRun && created.Count > 0)
        {
            seq = await db.CopyAccountedAsync(owner, seq, created, cancellationToken);
        }

        return new BulkOutcome(outcomes.Results, seq);
    }

    /// <summary>What becomes of each new row, in input order, from the external ids stored, deleted and met before.</summary>
    private sealed class Outcomes(bool reimportDeleted)
    {
        private readonly Dictionary<string, Guid> _stored = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Guid> _deleted = new(StringComparer.Ordinal);

        public List<BulkResult> Results { get; } = [];

        /// <summary>Looks up the owner's live and deleted rows with the external ids of <paramref name="rows"/> not met before.</summary>
        public async Task LookUpAsync(CashmanDbContext context, Guid owner, IEnumerable<Transaction> rows, CancellationToken cancellationToken)
        {
            var externalIds = rows.Select(r => r.ExternalId).OfType<string>().Where(e => !_stored.ContainsKey(e)).Distinct(StringComparer.Ordinal).ToList();
            if (externalIds.Count == 0)
            {
                return;
            }

            foreach (var t in await context.Transactions.AsNoTracking()
                .Where(t => t.UserId == owner && externalIds.Contains(t.ExternalId!))
                .Select(t => new { t.ExternalId, t.Id })
                .ToListAsync(cancellationToken))
            {
                _stored[t.ExternalId!] = t.Id;
            }

            // Oldest first, so that the latest delete of an external id is the one kept.
            foreach (var d in await context.DeletedTransactions.AsNoTracking()
                .Where(d => d.UserId == owner && externalIds.Contains(d.ExternalId!))
                .OrderBy(d => d.ChangeSeq)
                .Select(d => new { d.ExternalId, d.Id })
                .ToListAsync(cancellationToken))
            {
                _deleted[d.ExternalId!] = d.Id;
            }
        }

        /// <summary>Records what becomes of <paramref name="row"/>; true when it is to be created.</summary>
        public bool Classify(Transaction row)
        {
            if (row.ExternalId is { } externalId && _stored.TryGetValue(externalId, out var existing))
            {
                Results.Add(new BulkResult(BatchItemResult.Duplicate, existing));
                return false;
            }

            if (row.ExternalId is { } gone && !reimportDeleted && _deleted.TryGetValue(gone, out var deletedId))
            {
                Results.Add(new BulkResult(BatchItemResult.Deleted, deletedId));
                return false;
            }

            Results.Add(new BulkResult(BatchItemResult.Created, row.Id));
            if (row.ExternalId is { } first)
            {
                // A later row with the same external id is a duplicate of this one.
                _stored[first] = row.Id;
            }

            return true;
        }
    }
}
