using Cashman.Api.Accounts;
using Cashman.Domain.Common;
using Cashman.Domain.Money;

namespace Cashman.Api.Imports;

/// <summary>
/// The account each statement of an OFX or CAMT.053 file goes to: <c>?accountId=</c> when given, else the caller's account
/// whose <c>number</c> the statement names, else the default account; the statement's currency must be that account's.
/// </summary>
public sealed class StatementAccounts(AccountBook book, Guid? accountId)
{
    /// <summary>The account of a statement that names <paramref name="number"/> (or none) and is in <paramref name="currency"/> (or says nothing).</summary>
    /// <exception cref="DomainValidationException">No such account, another account than the one given, or another currency.</exception>
    public AccountEntry For(string? number, string? currency)
    {
        number = string.IsNullOrWhiteSpace(number) ? null : number;
        AccountEntry account;
        if (accountId is not null || number is null)
        {
            var id = book.Resolve(accountId, "accountId").Id;
            account = book.Accounts.First(a => a.Id == id);
            if (number is not null && account.Number is not null && book.Numbered(number)?.Id != account.Id)
            {
                throw DomainValidationException.For("accountId", "The statement is for another account: its account number is not this account's number.");
            }
        }
        else
        {
            account = book.Numbered(number) is { Archived: false } numbered
                ? numbered
                : throw DomainValidationException.For(
                    "accountId", "None of your accounts has the account number this statement names: give the account its number, or send accountId.");
        }

        if (currency is not null && currency != account.Currency)
        {
            throw DomainValidationException.For(
                "currency", Currencies.IsKnown(currency)
                    ? $"The statement is in {currency}, but the account it goes to is in {account.Currency}."
                    : "The statement's currency is not an ISO 4217 currency.");
        }

        return account;
    }
}
