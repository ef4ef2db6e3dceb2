using System.Diagnostics.CodeAnalysis;
using Cashman.Domain.Categories;
using Cashman.Domain.Common;
using Cashman.Domain.Money;

namespace Cashman.Domain.Transactions;

/// <summary>
/// An income, an expense or a transfer, in an account and its currency. Every constructor and mutator validates, so an invalid
/// transaction cannot exist in memory, let alone in the database.
/// </summary>
public abstract class Transaction
{
    /// <summary>For EF Core materialisation only.</summary>
    protected Transaction()
    {
        Description = Currency = string.Empty;
    }

    protected Transaction(
        Guid id, Guid userId, AccountRef account, TransactionDetails details, DateTimeOffset now, string? externalId = null, TransferDestination? destination = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (id == Guid.Empty)
        {
            throw new ArgumentException("A transaction needs a non-empty id.", nameof(id));
        }

        if (userId == Guid.Empty)
        {
            throw new ArgumentException("A transaction needs an owner.", nameof(userId));
        }

        Id = id;
        UserId = userId;
        CreatedAt = now;
        var errors = new Dictionary<string, string[]>();
        if (ExternalIdError(externalId) is { } error)
        {
            errors["externalId"] = [error];
        }

        ExternalId = externalId;
        Currency = string.Empty;
        Apply(account, details, destination, now, errors);
    }

    public Guid Id { get; private set; }

    /// <summary>The owner. Set once, from the authenticated caller, never from a request body.</summary>
    public Guid UserId { get; private set; }

    /// <summary>The account it is in (for a transfer, the account the money leaves).</summary>
    public Guid AccountId { get; private set; }

    /// <summary>The account's currency, which decides the amount's decimals; fixed while the account holds it.</summary>
    public string Currency { get; private set; }

    public string Description { get; private set; }

    /// <summary>Positive for an income and a transfer, negative for an expense; exactly the currency's decimals.</summary>
    public decimal Amount { get; private set; }

    /// <summary>The category's path (<c>name</c> or <c>parent/name</c>), or null; the database keeps it equal to the category's.</summary>
    public string? Category { get; private set; }

    /// <summary>
    /// The category, or null. A row written with a path and no id is given the id of the owner's category with that path
    /// (ignoring case; created if missing) by the database, in the same statement; see <see cref="Categorised"/>.
    /// </summary>
    public Guid? CategoryId { get; private set; }

    public DateOnly OccurredOn { get; private set; }

    /// <summary>
    /// The id the record has elsewhere (a bank's transaction id, a client's local id), exactly as sent; unique per user
    /// across both kinds, so that the same record is never stored twice. Set once, at creation.
    /// </summary>
    public string? ExternalId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// The row version, the basis of the ETag: a new random value on every change, so it tells nothing about other rows,
    /// other users or how busy the database is (unlike a counter such as <c>xmin</c>).
    /// </summary>
    public Guid Version { get; private set; }

    /// <summary>
    /// This row's place in its owner's change feed: assigned by the database on every insert and update, in the order
    /// the owner's writes commit. Never set by the application.
    /// </summary>
    public long ChangeSeq { get; private set; }

    public abstract TransactionKind Kind { get; }

    /// <summary>Takes the category the database resolved the row's path to (its id and its path as stored).</summary>
    public void Categorised(Guid? categoryId, string? path)
    {
        CategoryId = categoryId;
        Category = path;
    }

    /// <summary>Replaces the client-owned fields, validating them as a whole; the external id stays.</summary>
    public void Update(AccountRef account, TransactionDetails details, DateTimeOffset now) =>
        Update(account, details, null, now);

    /// <summary>The account the money goes to, on a transfer; null otherwise.</summary>
    public Guid? ToAccountId { get; private set; }

    /// <summary>What arrives in <see cref="ToAccountId"/>, in its currency (positive), on a transfer; null otherwise.</summary>
    public decimal? ToAmount { get; private set; }

    /// <summary>The currency of <see cref="ToAccountId"/>, on a transfer; null otherwise.</summary>
    public string? ToCurrency { get; private set; }

    /// <summary>Replaces the client-owned fields and, for a transfer, its destination.</summary>
    protected void Update(AccountRef account, TransactionDetails details, TransferDestination? destination, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        Apply(account, details, destination, now, []);
    }

    /// <summary>Why an external id is not acceptable (absent is fine), or null.</summary>
    public static string? ExternalIdError(string? externalId) => externalId switch
    {
        null => null,
        { Length: 0 or > TransactionRules.ExternalIdMaxLength } => $"The external id must be 1 to {TransactionRules.ExternalIdMaxLength} characters.",
        _ when TextRules.HasControlCharacter(externalId) => TextRules.ControlCharacterMessage("externalId"),
        _ => null,
    };

    /// <summary>Turns a validated absolute amount into the amount this kind stores, or reports why it cannot.</summary>
    protected abstract decimal ToSignedAmount(decimal amount, ICollection<string> errors);

    /// <summary>The description when none is sent, or null when one is required.</summary>
    protected virtual string? DefaultDescription => null;

    [MemberNotNull(nameof(Description))]
    private void Apply(AccountRef account, TransactionDetails details, TransferDestination? destination, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (account.Id == Guid.Empty || !Currencies.IsKnown(account.Currency))
        {
            throw new ArgumentException("A transaction needs an account with a currency.", nameof(account));
        }

        var description = details.Description?.Trim();
        if (DefaultDescription is { } fallback && TextRules.IsBlank(description))
        {
            description = fallback;
        }

        if (TextRules.IsBlank(description))
        {
            errors["description"] = ["The description is required and must have a visible character."];
        }
        else if (TextRules.HasControlCharacter(description))
        {
            errors["description"] = [TextRules.ControlCharacterMessage("description")];
        }
        else if (description.Length > TransactionRules.DescriptionMaxLength)
        {
            errors["description"] = [$"The description must be at most {TransactionRules.DescriptionMaxLength} characters."];
        }

        if (CategoryRules.PathError(details.Category, "category", out var category) is { } categoryError)
        {
            errors["category"] = [categoryError];
        }

        var signedAmount = 0m;
        var amountErrors = new List<string>();
        if (details.Amount is not { } amount)
        {
            amountErrors.Add("The amount is required.");
        }
        else if (MoneyRules.AmountError(amount, account.Currency, Currencies.MinorUnit(account.Currency)) is { } amountError)
        {
            amountErrors.Add(amountError);
        }
        else
        {
            signedAmount = ToSignedAmount(amount, amountErrors);
        }

        if (amountErrors.Count > 0)
        {
            errors["amount"] = [.. amountErrors];
        }

        if (details.OccurredOn < TransactionRules.MinOccurredOn || details.OccurredOn > TransactionRules.MaxOccurredOn)
        {
            errors["occurredOn"] = [$"The date must be between {TransactionRules.MinOccurredOn:yyyy-MM-dd} and {TransactionRules.MaxOccurredOn:yyyy-MM-dd}."];
        }

        var toAmount = destination is null || amountErrors.Count > 0 ? null : ValidateDestination(account, destination, signedAmount, errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        AccountId = account.Id;
        Currency = account.Currency;
        Description = description!;
        Amount = Currencies.Exact(signedAmount, Currency);
        ToAccountId = destination?.Account.Id;
        ToCurrency = destination?.Account.Currency;
        ToAmount = toAmount;
        Category = category?.ToString();
        CategoryId = details.CategoryId;
        OccurredOn = details.OccurredOn;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>
    /// A transfer's destination: another account, and what arrives there in its currency (required when the currencies
    /// differ; absent or equal to the amount when they are the same). Returns what arrives, or null after adding errors.
    /// </summary>
    private static decimal? ValidateDestination(AccountRef from, TransferDestination destination, decimal amount, Dictionary<string, string[]> errors)
    {
        var to = destination.Account;
        if (to.Id == from.Id)
        {
            errors["toAccountId"] = ["A transfer needs two different accounts."];
            return null;
        }

        if (to.Currency == from.Currency)
        {
            if (destination.Amount is { } same && same != amount)
            {
                errors["toAmount"] = ["Between accounts of the same currency, toAmount must be absent or equal to the amount."];
                return null;
            }

            return amount;
        }

        if (destination.Amount is not { } arriving)
        {
            errors["toAmount"] = [$"A transfer from {from.Currency} to {to.Currency} needs toAmount, what arrives in {to.Currency}."];
            return null;
        }

        if (arriving <= 0)
        {
            errors["toAmount"] = ["The amount that arrives must be positive."];
            return null;
        }

        if (MoneyRules.AmountError(arriving, to.Currency, Currencies.MinorUnit(to.Currency)) is { } error)
        {
            errors["toAmount"] = [error];
            return null;
        }

        return Currencies.Exact(arriving, to.Currency);
    }
}
