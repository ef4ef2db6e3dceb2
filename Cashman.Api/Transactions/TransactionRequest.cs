using Cashman.Api.OpenApi;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>
/// The body of <c>POST</c> and <c>PUT</c> on <c>/incomes</c> and <c>/expenses</c>.
/// The domain validates every field at once, so one 400 names all that are wrong.
/// Server-owned fields (<c>id</c>, <c>type</c>, <c>createdAt</c>, <c>updatedAt</c>) are not part of it and are ignored if sent.
/// </summary>
public record TransactionRequest
{
    /// <summary>What it was; trimmed, 1 to 200 characters.</summary>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Description { get; init; }

    /// <summary>
    /// A JSON number in the account's currency with at most its decimals (2 for EUR or USD, 0 for JPY, 3 for BHD), one
    /// minor unit to 1,000,000,000 in absolute value. An income must be positive; an expense is stored negative whatever
    /// the sign sent.
    /// </summary>
    [RequiredInSchema]
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? Amount { get; init; }

    /// <summary>
    /// Optional category as a path, <c>name</c> or <c>parent/name</c> (each name at most 50 characters, trimmed): your
    /// category of that path, ignoring case, or a new one (with its parent) when you have none. Blank or absent means none,
    /// unless <c>categoryId</c> is sent.
    /// </summary>
    /// <example>Food/Groceries</example>
    [SchemaLimits(MaxLength = TransactionRules.CategoryMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Category { get; init; }

    /// <summary>Optional: the category by id, one of yours. With <c>category</c> too, both must name the same category.</summary>
    public Guid? CategoryId { get; init; }

    /// <summary>The day it happened (YYYY-MM-DD, 1900-01-01 to 2999-12-31); today in your time zone when absent.</summary>
    /// <example>2026-11-01</example>
    public DateOnly? OccurredOn { get; init; }

    /// <summary>
    /// Optional: the id the record has elsewhere (a bank's transaction id, your app's local id), 1 to 100 characters,
    /// kept exactly as sent. Unique per user across incomes and expenses: a create with one you already have is a 409
    /// whose <c>existingId</c> names the stored transaction. Set at creation only; <c>PUT</c> keeps it.
    /// </summary>
    /// <example>bank-2026-11-01-000123</example>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.ExternalIdMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? ExternalId { get; init; }

    /// <summary>
    /// Optional: the account it is in, one of yours that is not archived; your default account when absent. On
    /// <c>PUT</c>, absent keeps the current account.
    /// </summary>
    public Guid? AccountId { get; init; }

    /// <summary>The fields as every write path takes them.</summary>
    public virtual TransactionInput ToInput() => new(AccountId, Description, Amount, Category, OccurredOn, ExternalId, CategoryId: CategoryId);
}
