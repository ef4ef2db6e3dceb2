using AutoMapper;
using AutoMapper.QueryableExtensions;
using Cashman.Api.Authentication;
using Cashman.Api.Contracts;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Services;

/// <summary>
/// The one code path for incomes and expenses: every operation takes the kind it works on,
/// so an expense's id under <c>/incomes</c> is simply not found. Every query is filtered by the caller,
/// so another user's id is not found either, and every new row is owned by the caller.
/// </summary>
public sealed class TransactionService(CashmanDbContext db, IMapper mapper, CurrentUser currentUser, TimeProvider timeProvider)
{
    public async Task<TransactionResponse> CreateAsync(TransactionKind kind, TransactionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = Now();
        var details = ToDetails(request, now);
        var id = Guid.CreateVersion7(now);
        var owner = currentUser.Id;
        Transaction transaction = kind == TransactionKind.Income
            ? new Income(id, owner, details, now)
            : new Expense(id, owner, details, now);

        db.Transactions.Add(transaction);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<Transaction, TransactionResponse>(transaction);
    }

    public async Task<TransactionResponse> GetAsync(TransactionKind kind, Guid id, CancellationToken cancellationToken) =>
        await Of(kind)
            .AsNoTracking()
            .Where(t => t.Id == id)
            .ProjectTo<TransactionResponse>(mapper.ConfigurationProvider)
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException();

    public async Task<Page<TransactionResponse>> ListAsync(TransactionKind? kind, PageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var source = (kind is { } k ? Of(k) : Owned(db.Transactions)).AsNoTracking();
        var total = await source.LongCountAsync(cancellationToken);
        var items = await source
            .OrderByDescending(t => t.OccurredOn)
            .ThenByDescending(t => t.CreatedAt)
            .ThenByDescending(t => t.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ProjectTo<TransactionResponse>(mapper.ConfigurationProvider)
            .ToListAsync(cancellationToken);
        return new Page<TransactionResponse>(items, query.Page, query.PageSize, total);
    }

    public async Task<TransactionResponse> UpdateAsync(TransactionKind kind, Guid id, TransactionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var transaction = await Of(kind).SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
            ?? throw new NotFoundException();
        var now = Now();
        transaction.Update(ToDetails(request, now), now);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<Transaction, TransactionResponse>(transaction);
    }

    public async Task DeleteAsync(TransactionKind kind, Guid id, CancellationToken cancellationToken)
    {
        var deleted = await Of(kind).Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException();
        }
    }

    private static TransactionDetails ToDetails(TransactionRequest request, DateTimeOffset now) =>
        new(request.Description, request.Amount, request.Category, request.OccurredOn ?? DateOnly.FromDateTime(now.UtcDateTime));

    private IQueryable<Transaction> Of(TransactionKind kind) =>
        kind == TransactionKind.Income ? Owned(db.Incomes) : Owned(db.Expenses);

    private IQueryable<Transaction> Owned(IQueryable<Transaction> source)
    {
        var owner = currentUser.Id;
        return source.Where(t => t.UserId == owner);
    }

    /// <summary>The current time at PostgreSQL's resolution (microseconds), so a response equals a later read.</summary>
    private DateTimeOffset Now()
    {
        var now = timeProvider.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
