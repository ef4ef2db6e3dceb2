using Cashman.Domain.Money;

namespace Cashman.Api.Accounts;

/// <summary>
/// The caller's settings and default account, read in the same query that checks the credentials (the one round trip
/// every authenticated request makes anyway), so that a write to the default account needs no query of its own. Null
/// fields: the user has no settings (then <see cref="CallerAccounts"/> reads them itself).
/// </summary>
public sealed class CallerSnapshot
{
    public Guid UserId { get; init; }

    /// <summary>The API key that authenticated the request, for that handler.</summary>
    public Guid? ApiKeyId { get; init; }

    public string? BaseCurrency { get; init; }

    public string? TimeZone { get; init; }

    public Guid? DefaultAccountId { get; init; }

    public string? AccountName { get; init; }

    public AccountKind? AccountKind { get; init; }

    public string? AccountCurrency { get; init; }

    public bool? AccountArchived { get; init; }

    /// <summary>Whether it carries the settings (a user made before them has none until migrated; none is made so now).</summary>
    public bool IsComplete => BaseCurrency is not null && TimeZone is not null && DefaultAccountId is not null && AccountCurrency is not null;
}
