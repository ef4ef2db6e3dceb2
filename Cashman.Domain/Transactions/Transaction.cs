using System.Diagnostics.CodeAnalysis;
using Cashman.Domain.Common;

namespace Cashman.Domain.Transactions;

/// <summary>
/// An income or an expense. Every constructor and mutator validates, so an invalid
/// transaction cannot exist in memory, let alone in the database.
/// </summary>
public abstract class Transaction
{
    /// <summary>For EF Core materialisation only.</summary>
    protected Transaction()
    {
        Description = string.Empty;
    }

    protected Transaction(Guid id, Guid userId, TransactionDetails details, DateTimeOffset now, string? externalId = null)
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
        Apply(details, now, errors);
    }

    public Guid Id { get; private set; }

    /// <summary>The owner. Set once, from the authenticated caller, never from a request body.</summary>
    public Guid UserId { get; private set; }

    public string Description { get; private set; }

    /// <summary>Positive for an income, negative for an expense.</summary>
    public decimal Amount { get; private set; }

    public string? Category { get; private set; }

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

    /// <summary>Replaces the client-owned fields, validating them as a whole; the external id stays.</summary>
    public void Update(TransactionDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        Apply(details, now, []);
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

    /// <summary>Gives the amount exactly two decimal places (20 becomes 20.00), as it is stored.</summary>
    private static decimal WithCents(decimal amount) => decimal.Add(amount, 0.00m);

    [MemberNotNull(nameof(Description))]
    private void Apply(TransactionDetails details, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var description = details.Description?.Trim();
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

        var category = details.Category?.Trim();
        if (category is not null && TextRules.IsBlank(category))
        {
            category = null;
        }
        else if (category is { Length: > TransactionRules.CategoryMaxLength })
        {
            errors["category"] = [$"The category must be at most {TransactionRules.CategoryMaxLength} characters."];
        }
        else if (TextRules.HasControlCharacter(category))
        {
            errors["category"] = [TextRules.ControlCharacterMessage("category")];
        }

        var signedAmount = 0m;
        var amountErrors = new List<string>();
        if (details.Amount is not { } amount)
        {
            amountErrors.Add("The amount is required.");
        }
        else if (decimal.Round(amount, TransactionRules.AmountScale) != amount)
        {
            amountErrors.Add($"The amount must have at most {TransactionRules.AmountScale} decimal places.");
        }
        else if (Math.Abs(amount) is < TransactionRules.MinAbsoluteAmount or > TransactionRules.MaxAbsoluteAmount)
        {
            amountErrors.Add($"The amount must be between {TransactionRules.MinAbsoluteAmount} and {TransactionRules.MaxAbsoluteAmount:0} in absolute value.");
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

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        Description = description!;
        Amount = WithCents(signedAmount);
        Category = category;
        OccurredOn = details.OccurredOn;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
