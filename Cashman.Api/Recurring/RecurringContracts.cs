using System.Text.Json.Serialization;
using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Cashman.Api.Transactions;
using Cashman.Domain.Common;
using Cashman.Domain.Recurring;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Recurring;

/// <summary>The transaction a recurring transaction posts: the fields of a transaction of any kind, without its day.</summary>
public sealed record RecurringTemplate
{
    /// <summary><c>income</c>, <c>expense</c> or <c>transfer</c>.</summary>
    /// <example>expense</example>
    [RequiredInSchema]
    [SchemaLimits(MaxLength = TransactionKindNames.MaxLength, Pattern = TransactionKindNames.Pattern)]
    public string? Type { get; init; }

    /// <summary>Optional: the account, one of yours that is not archived; your default account when absent (a transfer's source).</summary>
    public Guid? AccountId { get; init; }

    /// <summary>As for a transaction of the type: an income or a transfer positive, an expense stored negative whatever its sign.</summary>
    /// <example>950</example>
    [RequiredInSchema]
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? Amount { get; init; }

    /// <summary>Trimmed, 1 to 200 characters (optional for a transfer: "Transfer").</summary>
    /// <example>Rent</example>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Description { get; init; }

    /// <summary>Optional category as a path (<c>name</c> or <c>parent/name</c>): yours, ignoring case, or created with its parent.</summary>
    /// <example>Housing</example>
    [SchemaLimits(MaxLength = TransactionRules.CategoryMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Category { get; init; }

    /// <summary>Optional: the category by id, one of yours. With <c>category</c> too, both must name the same category.</summary>
    public Guid? CategoryId { get; init; }

    /// <summary>A transfer's destination account; required for a transfer.</summary>
    public Guid? ToAccountId { get; init; }

    /// <summary>What a transfer delivers in <c>toAccountId</c>'s currency; required when the currencies differ.</summary>
    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? ToAmount { get; init; }

    /// <summary>The fields as every write path takes them, for the day <paramref name="day"/>.</summary>
    public TransactionInput ToInput(DateOnly day) =>
        new(AccountId, Description, Amount, Category, day, ExternalId: null, ToAccountId, ToAmount, CategoryId);
}

/// <summary>The body of <c>POST /recurring</c> and <c>PUT /recurring/{id}</c>.</summary>
public sealed record RecurringRequest
{
    /// <summary>The transaction to post on each day of the rule.</summary>
    [RequiredInSchema]
    public RecurringTemplate? Template { get; init; }

    /// <summary>
    /// An RFC 5545 recurrence rule without <c>DTSTART</c> (<c>startsOn</c> is its first day), daily at most often:
    /// <c>FREQ=MONTHLY;BYMONTHDAY=-1</c> (the last day of every month), <c>FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1</c>
    /// (the 31st, or the month's last day), <c>FREQ=WEEKLY;INTERVAL=2;BYDAY=FR</c> (every other Friday),
    /// <c>FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1</c> (the last working day). <c>COUNT</c> counts from <c>startsOn</c>.
    /// </summary>
    /// <example>FREQ=MONTHLY;BYMONTHDAY=1</example>
    [RequiredInSchema]
    [SchemaLimits(MinLength = 1, MaxLength = RecurrenceRule.MaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Rule { get; init; }

    /// <summary>The first day the rule counts from (1900-01-01 to 2999-12-31); today in your time zone when absent. With <c>autoPost</c>, days already past are posted too.</summary>
    /// <example>2026-01-01</example>
    public DateOnly? StartsOn { get; init; }

    /// <summary>Optional: the last day the rule may produce, on or after <c>startsOn</c>.</summary>
    public DateOnly? EndsOn { get; init; }

    /// <summary>Whether each day is posted by itself once it begins in your time zone (default true); otherwise it waits in <c>GET /recurring/due</c>.</summary>
    public bool? AutoPost { get; init; }
}

/// <summary>The template as stored: amounts with their currencies, the category by id and path.</summary>
public sealed record RecurringTemplateResponse
{
    [SchemaLimits(MaxLength = TransactionKindNames.MaxLength, Pattern = TransactionKindNames.Pattern)]
    public string Type { get; init; } = string.Empty;

    public Guid AccountId { get; init; }

    /// <summary>The account's currency.</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3)]
    public string Currency { get; init; } = string.Empty;

    /// <summary>As a transaction of the type stores it: an expense's is negative.</summary>
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal Amount { get; init; }

    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength)]
    public string Description { get; init; } = string.Empty;

    /// <summary>The category's path, or null.</summary>
    [SchemaLimits(MaxLength = TransactionRules.CategoryMaxLength)]
    public string? Category { get; init; }

    public Guid? CategoryId { get; init; }

    public Guid? ToAccountId { get; init; }

    [SchemaLimits(Minimum = MoneyBounds.Zero, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? ToAmount { get; init; }

    [SchemaLimits(MinLength = 3, MaxLength = 3)]
    public string? ToCurrency { get; init; }
}

/// <summary>A recurring transaction as the API returns it.</summary>
public sealed record RecurringResponse : IVersionedResponse
{
    public Guid Id { get; init; }

    public RecurringTemplateResponse Template { get; init; } = new();

    /// <example>FREQ=MONTHLY;BYMONTHDAY=1</example>
    [SchemaLimits(MinLength = 1, MaxLength = RecurrenceRule.MaxLength)]
    public string Rule { get; init; } = string.Empty;

    public DateOnly StartsOn { get; init; }

    public DateOnly? EndsOn { get; init; }

    public bool AutoPost { get; init; }

    /// <summary>The first day of the rule neither posted nor skipped (due when it is today or earlier), or null when none is left.</summary>
    public DateOnly? NextOn { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    [JsonIgnore]
    public Guid Version { get; init; }

    public static RecurringResponse From(RecurringTransaction rule, string? categoryPath)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new()
        {
            Id = rule.Id,
            Template = new()
            {
                Type = TransactionKindNames.Of(rule.Kind),
                AccountId = rule.AccountId,
                Currency = rule.Currency,
                Amount = rule.Amount,
                Description = rule.Description,
                Category = categoryPath,
                CategoryId = rule.CategoryId,
                ToAccountId = rule.ToAccountId,
                ToAmount = rule.ToAmount,
                ToCurrency = rule.ToCurrency,
            },
            Rule = rule.Rule,
            StartsOn = rule.StartsOn,
            EndsOn = rule.EndsOn,
            AutoPost = rule.AutoPost,
            NextOn = rule.NextOn,
            CreatedAt = rule.CreatedAt,
            UpdatedAt = rule.UpdatedAt,
            Version = rule.Version,
        };
    }
}

/// <summary>Every recurring transaction of yours.</summary>
public sealed record RecurringListResponse([property: SchemaLimits(MaxItems = RecurringTransaction.MaxPerUser)] IReadOnlyList<RecurringResponse> Items);

/// <summary>One day of a recurring transaction.</summary>
public sealed record OccurrenceResponse
{
    public const string StatusPattern = "^(posted|skipped|due|upcoming)$";

    public DateOnly Date { get; init; }

    /// <summary><c>posted</c> (with <c>transactionId</c>, also when that transaction was deleted since), <c>skipped</c>, <c>due</c> (its day has begun in your time zone) or <c>upcoming</c>.</summary>
    [SchemaLimits(MaxLength = 8, Pattern = StatusPattern)]
    public string Status { get; init; } = string.Empty;

    /// <summary>What it posts (or posted), an override's amount when one was set.</summary>
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal Amount { get; init; }

    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength)]
    public string Description { get; init; } = string.Empty;

    /// <summary>The posted transaction, or null.</summary>
    public Guid? TransactionId { get; init; }

    public static OccurrenceResponse From(Occurrence occurrence)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        return new()
        {
            Date = occurrence.Date,
            Status = occurrence.Status.ToString().ToLowerInvariant(),
            Amount = occurrence.Amount,
            Description = occurrence.Description,
            TransactionId = occurrence.TransactionId,
        };
    }
}

/// <summary>The days of a recurring transaction in a range.</summary>
public sealed record OccurrenceListResponse([property: SchemaLimits(MaxItems = Occurrences.MaxRangeDays)] IReadOnlyList<OccurrenceResponse> Items);

/// <summary>The body of <c>PUT /recurring/{id}/occurrences/{date}</c>: <c>{ "skip": true }</c>, or an override.</summary>
public sealed record OccurrenceRequest
{
    /// <summary><c>true</c> skips the day; <c>false</c> posts it again (with its override, if any).</summary>
    public bool? Skip { get; init; }

    /// <summary>The amount to post that day instead of the template's, with the template's sign rule.</summary>
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? Amount { get; init; }

    /// <summary>The description to post that day instead of the template's.</summary>
    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength, Pattern = TextRules.NoControlCharactersPattern)]
    public string? Description { get; init; }
}

/// <summary>One day waiting to be posted by hand (or whose posting failed), with its rule.</summary>
public sealed record DueOccurrenceResponse
{
    public Guid RecurringId { get; init; }

    public DateOnly Date { get; init; }

    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal Amount { get; init; }

    [SchemaLimits(MinLength = 3, MaxLength = 3)]
    public string Currency { get; init; } = string.Empty;

    [SchemaLimits(MinLength = 1, MaxLength = TransactionRules.DescriptionMaxLength)]
    public string Description { get; init; } = string.Empty;
}

/// <summary>Every due day not posted yet, earliest first, at most <see cref="MaxItems"/>.</summary>
public sealed record DueListResponse
{
    public const int MaxItems = 1000;

    [SchemaLimits(MaxItems = MaxItems)]
    public IReadOnlyList<DueOccurrenceResponse> Items { get; init; } = [];

    /// <summary>Whether more due days wait than the list holds (post or skip the earliest to see the rest).</summary>
    public bool HasMore { get; init; }
}
