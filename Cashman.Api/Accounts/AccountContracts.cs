using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Domain.Common;
using Cashman.Domain.Money;

namespace Cashman.Api.Accounts;

/// <summary>The body of <c>POST /accounts</c> and <c>PUT /accounts/{id}</c>.</summary>
public sealed record AccountRequest
{
    /// <summary>1 to 100 characters, unique among your accounts ignoring case.</summary>
    /// <example>Current account</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxLength = MoneyRules.AccountNameMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Name { get; init; }

    /// <summary><c>checking</c>, <c>savings</c>, <c>credit</c>, <c>cash</c>, <c>investment</c> or <c>other</c>; default <c>checking</c>.</summary>
    /// <example>checking</example>
    [SchemaLimits(MaxLength = 10, Pattern = MoneyRules.AccountKindPattern)]
    public string? Kind { get; init; }

    /// <summary>ISO 4217 code; default your base currency. It cannot change once the account holds a transaction.</summary>
    /// <example>EUR</example>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Currency { get; init; }

    /// <summary>Optional IBAN (its check digits must hold) or bank account number, spaces dropped, unique among your accounts; statements that name it are imported into this account.</summary>
    /// <example>DE89370400440532013000</example>
    [SchemaLimits(MinLength = 1, MaxLength = 42)]
    public string? Number { get; init; }

    /// <summary>What the account held on <c>openingDate</c>, in its currency; may be negative (a card). Default 0.</summary>
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? OpeningBalance { get; init; }

    /// <summary>The day of the opening balance; default the day the account is created (in your time zone).</summary>
    /// <example>2026-01-01</example>
    public DateOnly? OpeningDate { get; init; }

    /// <summary>Archived accounts keep everything but take no new transactions. Default false.</summary>
    public bool? Archived { get; init; }
}

/// <summary>An account as the API returns it.</summary>
public sealed record AccountResponse : IVersionedResponse
{
    public Guid Id { get; init; }

    [SchemaLimits(MinLength = 1, MaxLength = MoneyRules.AccountNameMaxLength)]
    public string Name { get; init; } = string.Empty;

    /// <summary><c>checking</c>, <c>savings</c>, <c>credit</c>, <c>cash</c>, <c>investment</c> or <c>other</c>.</summary>
    [SchemaLimits(MaxLength = 10, Pattern = MoneyRules.AccountKindPattern)]
    public string Kind { get; init; } = string.Empty;

    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string Currency { get; init; } = string.Empty;

    [SchemaLimits(MinLength = 1, MaxLength = MoneyRules.AccountNumberMaxLength)]
    public string? Number { get; init; }

    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal OpeningBalance { get; init; }

    public DateOnly OpeningDate { get; init; }

    public bool Archived { get; init; }

    /// <summary>The opening balance plus every transaction and transfer of the account, exact in its currency.</summary>
    public decimal Balance { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore]
    public Guid Version { get; init; }

    public static AccountResponse From(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccountResponse
        {
            Id = account.Id,
            Name = account.Name,
            Kind = MoneyRules.KindName(account.Kind),
            Currency = account.Currency,
            Number = account.Number,
            OpeningBalance = Currencies.Exact(account.OpeningBalance, account.Currency),
            OpeningDate = account.OpeningDate,
            Archived = account.Archived,
            Balance = Currencies.Exact(account.Balance, account.Currency),
            CreatedAt = account.CreatedAt,
            UpdatedAt = account.UpdatedAt,
            Version = account.Version,
        };
    }
}

/// <summary>Every account of the caller (archived ones only when asked), whole: there are at most 1,000.</summary>
public sealed record AccountListResponse([property: SchemaLimits(MaxItems = MoneyRules.MaxAccountsPerUser)] IReadOnlyList<AccountResponse> Items);
