using AutoMapper;
using AutoMapper.QueryableExtensions;
using Cashman.Api.Http;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Transactions;

/// <summary>
/// Reads of incomes, expenses and transfers: one, or a page of a list. Every query is filtered by the caller and, where given, the
/// kind, so another user's id or an expense's id under <c>/incomes</c> is simply not found.
/// </summary>
public sealed class TransactionReads(CashmanDbContext db, IMapper mapper, CurrentUser currentUser)
{
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
        var source = TransactionFilter.Apply(Of(kind).AsNoTracking(), query, db, currentUser.Id);

        // Unfiltered lists take their total from the running totals (one row), not from counting every row.
        var total = query.HasFilters
            ? await source.LongCountAsync(cancellationToken)
            : await UnfilteredCountAsync(kind, cancellationToken);
        // page × pageSize reaches far past 32 bits; a page past the last is empty, not another page's rows.
        var offset = (long)(query.Page - 1) * query.PageSize;
        var items = offset >= total
            ? []
            : await TransactionFilter.Sort(source, query.Sort)
                .Skip((int)offset)
                .Take(query.PageSize)
                .ProjectTo<TransactionResponse>(mapper.ConfigurationProvider)
                .ToListAsync(cancellationToken);
        return new Page<TransactionResponse>(items, query.Page, query.PageSize, total);
    }

    private async Task<long> UnfilteredCountAsync(TransactionKind? kind, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var totals = await db.UserTotals.AsNoTracking().SingleOrDefaultAsync(t => t.UserId == owner, cancellationToken);
        return kind switch
        {
            null => (totals?.IncomeCount ?? 0) + (totals?.ExpenseCount ?? 0) + (totals?.TransferCount ?? 0),
            TransactionKind.Income => totals?.IncomeCount ?? 0,
            TransactionKind.Expense => totals?.ExpenseCount ?? 0,
            _ => totals?.TransferCount ?? 0,
        };
    }

    private IQueryable<Transaction> Of(TransactionKind? kind) => TransactionFilter.Owned(db, currentUser.Id, kind);
}
