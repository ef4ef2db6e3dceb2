using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cashman.Api.Accounts;

/// <summary>
/// The caller's accounts. Balances are read, never computed here: the database keeps each account's total as writes
/// commit. Every query names the caller.
/// </summary>
public sealed class MoneyAccounts(
    CashmanDbContext db,
    RequestTransaction requestTransaction,
    CurrentUser currentUser,
    CallerAccounts callerAccounts,
    NewTransactions newTransactions)
{
    public const string NameTaken = "You already have an account with this name.";
    public const string NumberTaken = "You already have an account with this number.";

    /// <summary>Every account (archived ones only when asked), by name, with an ETag over the whole list.</summary>
    public async Task<(AccountListResponse List, string ETag)> ListAsync(bool archived, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.UserId == owner && (archived || !a.Archived))
            .OrderBy(a => a.NormalizedName)
            .ToListAsync(cancellationToken);
        var list = new AccountListResponse([.. accounts.Select(AccountResponse.From)]);

        // The list changes whenever a balance does, which no row version tells: the tag is a digest of the answer.
        return (list, WholeListETag.Of(list.Items.Select(a => new { a.Id, a.Version, a.Balance })));
    }

    public async Task<AccountResponse> GetAsync(Guid id, CancellationToken cancellationToken) =>
        AccountResponse.From(await FindAsync(id, tracked: false, cancellationToken));

    public async Task<AccountResponse> CreateAsync(AccountRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var book = await callerAccounts.BookAsync([], cancellationToken);
        var now = newTransactions.Now();
        var account = new Account(Guid.CreateVersion7(now), currentUser.Id, Details(request, book.BaseCurrency, null), book.Today(now), now);
        var owner = currentUser.Id;
        db.Accounts.Add(account);
        await SaveAsync(
            async c =>
            {
                // Counted under the owner's lock, which every write of the owner takes: two creations cannot both pass.
                await db.LockOwnerAsync(owner, c);
                if (await db.Accounts.CountAsync(a => a.UserId == owner, c) >= MoneyRules.MaxAccountsPerUser)
                {
                    throw new ConflictException($"You have {MoneyRules.MaxAccountsPerUser} accounts, the most a user may have.");
                }
            },
            c => db.Accounts.AnyAsync(a => a.UserId == owner && a.Id == account.Id, c),
            cancellationToken);
        return AccountResponse.From(account);
    }

    public async Task<AccountResponse> UpdateAsync(Guid id, AccountRequest request, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = await FindAsync(id, tracked: true, cancellationToken);
        ifMatch?.Check(account.Version);
        var settings = await callerAccounts.SettingsAsync(cancellationToken);
        var now = newTransactions.Now();
        var details = Details(request, settings.BaseCurrency, account);
        if (details.Archived && settings.DefaultAccountId == id)
        {
            throw new ConflictException("The default account cannot be archived; make another account the default first.");
        }

        account.Update(details, MoneyRules.Today(now, settings.TimeZone), now);
        var owner = currentUser.Id;
        try
        {
            // Under the owner's lock, the count of transactions the currency check read cannot grow before the update.
            await SaveAsync(
                async c =>
                {
                    await db.LockOwnerAsync(owner, c);
                    var count = await db.Accounts.Where(a => a.UserId == owner && a.Id == id).Select(a => a.TransactionCount).SingleAsync(c);
                    if (count > 0 && db.Entry(account).Property(a => a.Currency).IsModified)
                    {
                        throw new ConflictException("The currency of an account that holds transactions cannot change.");
                    }
                },
                c => db.Accounts.AnyAsync(a => a.UserId == owner && a.Id == id && a.UpdatedAt == now, c),
                cancellationToken);
        }
        catch (DbUpdateConcurrencyException) when (ifMatch is not null)
        {
            throw new PreconditionFailedException();
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The account was changed by another request at the same moment; read it again and retry.");
        }

        return AccountResponse.From(account);
    }

    /// <summary>
    /// Deletes an account. One that holds transactions is a 409 unless <paramref name="moveTo"/> (of the same currency)
    /// receives them first, in the same database transaction; the default account is never deleted.
    /// </summary>
    public async Task DeleteAsync(Guid id, Guid? moveTo, IfMatch? ifMatch, CancellationToken cancellationToken)
    {
        var account = await FindAsync(id, tracked: false, cancellationToken);
        ifMatch?.Check(account.Version);
        var settings = await callerAccounts.SettingsAsync(cancellationToken);
        if (settings.DefaultAccountId == id)
        {
            throw new ConflictException("The default account cannot be deleted; make another account the default first.");
        }

        var owner = currentUser.Id;
        if (moveTo is { } target)
        {
            var destination = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == owner && a.Id == target, cancellationToken);
            if (destination is null || target == id || destination.Archived || destination.Currency != account.Currency)
            {
                throw DomainValidationException.For("moveTo", "moveTo must be another of your accounts, not archived, in the same currency.");
            }
        }

        await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                await context.LockOwnerAsync(owner, c);
                if (moveTo is { } target)
                {
                    // A transfer between the two accounts would become a transfer from an account to itself.
                    if (await context.Transfers.AnyAsync(t => t.UserId == owner && ((t.AccountId == id && t.ToAccountId == target) || (t.AccountId == target && t.ToAccountId == id)), c))
                    {
                        throw new ConflictException("Transfers between this account and moveTo would become transfers to the same account; delete or change them first.");
                    }

                    await context.Transactions.Where(t => t.UserId == owner && t.AccountId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.AccountId, target), c);
                    await context.Transfers.Where(t => t.UserId == owner && t.ToAccountId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ToAccountId, target), c);
                    if (await context.RecurringTransactions.AnyAsync(r => r.UserId == owner && ((r.AccountId == id && r.ToAccountId == target) || (r.AccountId == target && r.ToAccountId == id)), c))
                    {
                        throw new ConflictException("A recurring transfer between this account and moveTo would become a transfer to the same account; change or delete it first.");
                    }

                    var version = Guid.NewGuid();
                    await context.RecurringTransactions.Where(r => r.UserId == owner && r.AccountId == id)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.AccountId, target).SetProperty(r => r.Version, version), c);
                    await context.RecurringTransactions.Where(r => r.UserId == owner && r.ToAccountId == id)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ToAccountId, target).SetProperty(r => r.Version, version), c);
                }
                else if (await context.RecurringTransactions.AnyAsync(r => r.UserId == owner && (r.AccountId == id || r.ToAccountId == id), c))
                {
                    throw new ConflictException("Recurring transactions post into this account: delete with ?moveTo=<accountId> of the same currency to move them too, or change them first.");
                }

                var live = context.Accounts.Where(a => a.UserId == owner && a.Id == id);
                if (ifMatch is not null)
                {
                    live = live.Where(a => a.Version == account.Version);
                }

                if (await live.Select(a => (long?)a.TransactionCount).SingleOrDefaultAsync(c) is not { } count)
                {
                    throw ifMatch is null ? new NotFoundException() : new PreconditionFailedException();
                }

                if (count > 0)
                {
                    throw new ConflictException("The account holds transactions: delete with ?moveTo=<accountId> of the same currency to move them first.");
                }

                await context.AccountDayTotals.Where(t => t.UserId == owner && t.AccountId == id).ExecuteDeleteAsync(c);
                return await live.ExecuteDeleteAsync(c);
            },
            async (context, c) => !await context.Accounts.AnyAsync(a => a.UserId == owner && a.Id == id, c),
            cancellationToken);
    }

    private static AccountDetails Details(AccountRequest request, string baseCurrency, Account? current)
    {
        var kind = request.Kind is null ? current?.Kind ?? AccountKind.Checking : MoneyRules.ParseKind(request.Kind);
        if (kind is null)
        {
            throw DomainValidationException.For("kind", "The kind must be checking, savings, credit, cash, investment or other.");
        }

        return new AccountDetails(
            request.Name,
            kind.Value,
            request.Currency ?? current?.Currency ?? baseCurrency,
            request.Number,
            request.OpeningBalance ?? 0m,
            request.OpeningDate,
            request.Archived ?? false);
    }

    private async Task<Account> FindAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var accounts = tracked ? db.Accounts : db.Accounts.AsNoTracking();
        return await accounts.SingleOrDefaultAsync(a => a.UserId == owner && a.Id == id, cancellationToken) ?? throw new NotFoundException();
    }

    /// <summary>Saves in the request's transaction after <paramref name="check"/>; a taken name or number is a 409.</summary>
    private async Task SaveAsync(Func<CancellationToken, Task> check, Func<CancellationToken, Task<bool>> verify, CancellationToken cancellationToken)
    {
        try
        {
            await requestTransaction.ExecuteAsync(
                async (context, c) =>
                {
                    await check(c);
                    return await context.SaveChangesAsync(acceptAllChangesOnSuccess: false, c);
                },
                (_, c) => verify(c),
                cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            throw new ConflictException(unique.ConstraintName?.Contains("number", StringComparison.Ordinal) == true ? NumberTaken : NameTaken);
        }
    }

}
