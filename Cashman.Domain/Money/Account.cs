using System.Diagnostics.CodeAnalysis;
using Cashman.Domain.Common;

namespace Cashman.Domain.Money;

/// <summary>
/// Where money is kept: a current account, a card, cash. Its balance is its opening balance plus
/// <see cref="TransactionsTotal"/>, which the database keeps exact as writes commit; the application never writes it.
/// </summary>
public sealed class Account
{
    private Account()
    {
        Name = NormalizedName = Currency = string.Empty;
    }

    public Account(Guid id, Guid userId, AccountDetails details, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (id == Guid.Empty || userId == Guid.Empty)
        {
            throw new ArgumentException("An account needs an id and an owner.", nameof(id));
        }

        Id = id;
        UserId = userId;
        CreatedAt = now;
        Apply(details, today, now);
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; }

    /// <summary>The name in upper case, unique per user: "Cash" and "cash " cannot both exist.</summary>
    public string NormalizedName { get; private set; }

    public AccountKind Kind { get; private set; }

    public string Currency { get; private set; }

    /// <summary>An IBAN or bank account number, without spaces and in upper case; unique per user.</summary>
    public string? Number { get; private set; }

    public decimal OpeningBalance { get; private set; }

    public DateOnly OpeningDate { get; private set; }

    public bool Archived { get; private set; }

    /// <summary>The sum of the account's transactions and transfers, kept by the database.</summary>
    public decimal TransactionsTotal { get; private set; }

    /// <summary>How many transactions and transfers involve the account, kept by the database.</summary>
    public long TransactionCount { get; private set; }

    public decimal Balance => OpeningBalance + TransactionsTotal;

    /// <summary>The account as a transaction refers to it.</summary>
    public AccountRef Ref => new(Id, Currency);

    public Guid Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Replaces what the owner may change. The currency can change only while no transaction is in the account.</summary>
    /// <exception cref="ConflictException">The currency would change under existing transactions.</exception>
    public void Update(AccountDetails details, DateOnly today, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.Currency != Currency && TransactionCount > 0)
        {
            throw new ConflictException("The currency of an account that holds transactions cannot change.");
        }

        Apply(details, today, now);
    }

    /// <summary>Makes the account the user's default: it must not be archived.</summary>
    public void CheckCanBeDefault()
    {
        if (Archived)
        {
            throw new ConflictException("An archived account cannot be the default account.");
        }
    }

    [MemberNotNull(nameof(Name), nameof(NormalizedName), nameof(Currency))]
    private void Apply(AccountDetails details, DateOnly today, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var name = details.Name?.Trim();
        if (TextRules.IsBlank(name) || name.Length > MoneyRules.AccountNameMaxLength)
        {
            errors["name"] = [$"The name is required, 1 to {MoneyRules.AccountNameMaxLength} characters."];
        }
        else if (TextRules.HasControlCharacter(name))
        {
            errors["name"] = [TextRules.ControlCharacterMessage("name")];
        }

        if (MoneyRules.CurrencyError(details.Currency) is { } currencyError)
        {
            errors["currency"] = [currencyError];
        }
        else if (MoneyRules.AmountError(details.OpeningBalance, details.Currency!, 0m) is { } balanceError)
        {
            errors["openingBalance"] = [balanceError];
        }

        var number = details.Number is null ? null : string.Concat(details.Number.Where(c => c != ' ')).ToUpperInvariant();
        if (number is not null && (number.Length is 0 or > MoneyRules.AccountNumberMaxLength || !number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors["number"] = [$"The number must be an IBAN or account number of 1 to {MoneyRules.AccountNumberMaxLength} letters, digits or dashes."];
        }
        else if (number is not null && Iban.LooksLikeOne(number) && !Iban.HasValidCheckDigits(number))
        {
            errors["number"] = ["This IBAN's check digits do not match it: a character is mistyped."];
        }

        var openingDate = details.OpeningDate ?? (OpeningDate == default ? today : OpeningDate);
        if (details.OpeningDate is { } given && (given < MoneyRules.MinDate || given > MoneyRules.MaxDate))
        {
            errors["openingDate"] = [$"The date must be between {MoneyRules.MinDate:yyyy-MM-dd} and {MoneyRules.MaxDate:yyyy-MM-dd}."];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        Name = name!;
        NormalizedName = Name.ToUpperInvariant();
        Kind = details.Kind;
        Currency = details.Currency!;
        Number = number;
        OpeningBalance = Currencies.Exact(details.OpeningBalance, Currency);
        OpeningDate = openingDate;
        Archived = details.Archived;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}

/// <summary>What an owner says about an account; nothing here is trusted until an <see cref="Account"/> accepts it.</summary>
public sealed record AccountDetails(string? Name, AccountKind Kind, string? Currency, string? Number, decimal OpeningBalance, DateOnly? OpeningDate, bool Archived);
