using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// The database transaction a request's writes run in (scoped: one per request). Usually each write is a transaction of
/// its own, retried on transient failures, with a check whether a commit whose answer was lost happened. A request that
/// must commit together with something else (an <c>Idempotency-Key</c>'s stored answer) opens one with
/// <see cref="BeginAsync"/>; the writes then join it, and their effects after commit wait for it.
/// </summary>
public sealed class RequestTransaction(CashmanDbContext db)
{
    private readonly List<Action> _afterCommit = [];
    private IDbContextTransaction? _open;

    /// <summary>Whether <see cref="BeginAsync"/> opened a transaction that is not yet committed or rolled back.</summary>
    public bool IsOpen => _open is not null;

    /// <summary>
    /// Opens the request's transaction; call it inside an execution strategy's operation, which the writes then run in.
    /// No savepoints: a failure rolls the whole transaction back anyway, and EF Core swallows a failed RELEASE SAVEPOINT,
    /// which on a dropped connection left the next statement with a dead transaction.
    /// </summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.Database.AutoSavepointsEnabled = false;
        _afterCommit.Clear();
        _open = await db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>Commits the request's transaction, then runs what waited for it.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var open = _open ?? throw new InvalidOperationException("No request transaction is open.");
        await open.CommitAsync(cancellationToken);
        await EndAsync();
        foreach (var action in _afterCommit)
        {
            action();
        }

        _afterCommit.Clear();
    }

    /// <summary>Rolls the request's transaction back (if one is open) and forgets what waited for it.</summary>
    public async Task RollbackAsync()
    {
        _afterCommit.Clear();
        db.ChangeTracker.Clear();
        if (_open is { } open)
        {
            try
            {
                // Without a token: a rollback must not be skipped because the client went away.
                await open.RollbackAsync(CancellationToken.None);
            }
            finally
            {
                await EndAsync();
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> once the write is durable: now, or when the request's transaction commits.</summary>
    public void AfterCommit(Action action)
    {
        if (IsOpen)
        {
            _afterCommit.Add(action);
        }
        else
        {
            action();
        }
    }

    /// <summary>
    /// Runs one statement: within the request's transaction, or in an implicit transaction of its own, retried; when the
    /// connection drops during its commit, <paramref name="succeeded"/> reads whether it happened, and its result.
    /// </summary>
    public Task<T> StatementAsync<T>(
        Func<CashmanDbContext, CancellationToken, Task<T>> statement,
        Func<CashmanDbContext, CancellationToken, Task<ExecutionResult<T>>> succeeded,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return IsOpen
            ? statement(db, cancellationToken)
            : db.Database.CreateExecutionStrategy().ExecuteAsync(db, statement, succeeded, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> within the request's transaction, or in a database transaction of its own, retried;
    /// when the connection drops during its commit, <paramref name="succeeded"/> decides whether it happened.
    /// </summary>
    public Task<T> ExecuteAsync<T>(
        Func<CashmanDbContext, CancellationToken, Task<T>> work,
        Func<CashmanDbContext, CancellationToken, Task<bool>> succeeded,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return IsOpen
            ? work(db, cancellationToken)
            : db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(db, work, succeeded, cancellationToken);
    }

    private async Task EndAsync()
    {
        var open = _open;
        _open = null;
        if (open is not null)
        {
            await open.DisposeAsync();
        }
    }
}
