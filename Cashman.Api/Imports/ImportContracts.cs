using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Imports;

/// <summary>
/// How to read a bank's CSV file: column names (by header, any case) or numbers (with <c>header=false</c>), how money,
/// days and pending rows are written, and the lines before the header. The query of <c>POST /imports</c> and the body of
/// an import profile. A parameter sent empty or as white space is a 400, never silently the default.
/// </summary>
public record ImportMapping : IValidatableObject
{
    public const string DefaultDateFormat = "yyyy-MM-dd";
    public const int MaxSkipLines = 1000;
    public const int MaxListLength = 200;

    /// <summary>A day that a date format must write and read back unchanged (day, month and year all differ).</summary>
    private static readonly DateTime FormatProbe = new(2031, 11, 23, 13, 45, 56, DateTimeKind.Unspecified);

    /// <summary>The day column (default <c>occurredOn</c>).</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? DateColumn { get; init; }

    /// <summary>The description column (default <c>description</c>).</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? DescriptionColumn { get; init; }

    /// <summary>The signed amount column (default <c>amount</c>): positive is an income, negative an expense. With <c>directionColumn</c>, an unsigned amount.</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? AmountColumn { get; init; }

    /// <summary>Instead of <c>amountColumn</c>: the column of money out (an expense, signed or not); needs <c>creditColumn</c>.</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? DebitColumn { get; init; }

    /// <summary>Instead of <c>amountColumn</c>: the column of money in (an income, signed or not); needs <c>debitColumn</c>.</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? CreditColumn { get; init; }

    /// <summary>The column that says whether an unsigned amount left or arrived (ING's <c>Af Bij</c>, Knab's <c>CreditDebet</c>); needs <c>outValues</c> and <c>inValues</c>.</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? DirectionColumn { get; init; }

    /// <summary>The values of <c>directionColumn</c> that mean money out, separated by commas, any case (<c>Af</c>, <c>D</c>).</summary>
    [StringLength(MaxListLength, ErrorMessage = "A list of values must be at most 200 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = MaxListLength)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? OutValues { get; init; }

    /// <summary>The values of <c>directionColumn</c> that mean money in, separated by commas, any case (<c>Bij</c>, <c>C</c>).</summary>
    [StringLength(MaxListLength, ErrorMessage = "A list of values must be at most 200 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = MaxListLength)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? InValues { get; init; }

    /// <summary>The category column (default <c>category</c>; optional in the file).</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? CategoryColumn { get; init; }

    /// <summary>The external id column (default <c>externalId</c>; optional in the file: rows without one get a derived id).</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? ExternalIdColumn { get; init; }

    /// <summary>The column of a row's booking status; a row whose status is one of <c>skipStatuses</c> is skipped.</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? StatusColumn { get; init; }

    /// <summary>The values of <c>statusColumn</c> of rows not yet booked, separated by commas, any case (<c>Vorgemerkt</c>, <c>Pending</c>).</summary>
    [StringLength(MaxListLength, ErrorMessage = "A list of values must be at most 200 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = MaxListLength)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? SkipStatuses { get; init; }

    /// <summary>Whether the file has a header line (default true). With <c>false</c>, columns are numbered from 1 (<c>dateColumn=1</c>).</summary>
    public bool? Header { get; init; }

    /// <summary>Lines to skip before the header (or the first row). Without it, the header is the first of the first 30 lines that holds every mapped column name.</summary>
    [Range(0, MaxSkipLines, ErrorMessage = "skipLines must be between 0 and 1000.")]
    [SchemaLimits(Minimum = "0", Maximum = "1000")]
    public int? SkipLines { get; init; }

    /// <summary>A .NET date format such as <c>dd.MM.yyyy</c>, <c>MM/dd/yyyy</c> or <c>yyyy-MM-dd HH:mm:ss</c> (default <c>yyyy-MM-dd</c>).</summary>
    [StringLength(40, ErrorMessage = "The dateFormat must be at most 40 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 40)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? DateFormat { get; init; }

    /// <summary><c>.</c> (default) or <c>,</c>; the other one, a space, a no-break space or <c>'</c> may group digits in threes.</summary>
    [RegularExpression("^[.,]$", ErrorMessage = "The decimalSeparator must be '.' or ','.")]
    [SchemaLimits(MinLength = 1, MaxLength = 1, Pattern = "^[.,]$")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? DecimalSeparator { get; init; }

    /// <summary><c>,</c> (default) or <c>;</c>.</summary>
    [RegularExpression("^[,;]$", ErrorMessage = "The delimiter must be ',' or ';'.")]
    [SchemaLimits(MinLength = 1, MaxLength = 1, Pattern = "^[,;]$")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? Delimiter { get; init; }

    /// <summary>This mapping with every parameter that <paramref name="over"/> sets taken from it.</summary>
    public ImportMapping OverriddenBy(ImportMapping over)
    {
        ArgumentNullException.ThrowIfNull(over);
        return new ImportMapping
        {
            DateColumn = over.DateColumn ?? DateColumn,
            DescriptionColumn = over.DescriptionColumn ?? DescriptionColumn,
            AmountColumn = over.AmountColumn ?? AmountColumn,
            DebitColumn = over.DebitColumn ?? DebitColumn,
            CreditColumn = over.CreditColumn ?? CreditColumn,
            DirectionColumn = over.DirectionColumn ?? DirectionColumn,
            OutValues = over.OutValues ?? OutValues,
            InValues = over.InValues ?? InValues,
            CategoryColumn = over.CategoryColumn ?? CategoryColumn,
            ExternalIdColumn = over.ExternalIdColumn ?? ExternalIdColumn,
            StatusColumn = over.StatusColumn ?? StatusColumn,
            SkipStatuses = over.SkipStatuses ?? SkipStatuses,
            Header = over.Header ?? Header,
            SkipLines = over.SkipLines ?? SkipLines,
            DateFormat = over.DateFormat ?? DateFormat,
            DecimalSeparator = over.DecimalSeparator ?? DecimalSeparator,
            Delimiter = over.Delimiter ?? Delimiter,
        };
    }

    /// <summary>
    /// A date format that cannot write and read back a day (<c>%</c>, <c>z</c>, <c>yyyy</c>) is a 400, not a 500 at the
    /// first row; so is a column or list without its partner (<c>debitColumn</c> without <c>creditColumn</c>).
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => ChecksItself ? Problems() : [];

    /// <summary>Whether the rules between parameters hold for this mapping alone (not for a query that names a profile, which is checked once merged with it).</summary>
    protected virtual bool ChecksItself => true;

    /// <summary>The cross-parameter rules of <see cref="Validate"/>, also checked on a profile merged with a query.</summary>
    public IEnumerable<ValidationResult> Problems()
    {
        if (DateFormat is not null && !DateFormatRoundTrips(DateFormat))
        {
            yield return new ValidationResult(
                "The dateFormat must be a .NET date format with the day, month and year, such as dd.MM.yyyy or MM/dd/yyyy.", [nameof(DateFormat)]);
        }

        if ((DebitColumn is null) != (CreditColumn is null))
        {
            yield return new ValidationResult(
                "Money out and money in come as a pair: name both debitColumn and creditColumn.", [DebitColumn is null ? nameof(DebitColumn) : nameof(CreditColumn)]);
        }

        if (DebitColumn is not null && (AmountColumn is not null || DirectionColumn is not null))
        {
            yield return new ValidationResult(
                "Name either amountColumn (with directionColumn, if any) or debitColumn and creditColumn, not both.", [AmountColumn is not null ? nameof(AmountColumn) : nameof(DirectionColumn)]);
        }

        foreach (var (name, given) in new[] { (nameof(DirectionColumn), DirectionColumn), (nameof(OutValues), OutValues), (nameof(InValues), InValues) })
        {
            if (given is null && (DirectionColumn ?? OutValues ?? InValues) is not null)
            {
                yield return new ValidationResult("directionColumn, outValues and inValues come together: name all three.", [name]);
            }
        }

        if ((StatusColumn is null) != (SkipStatuses is null))
        {
            yield return new ValidationResult(
                "statusColumn and skipStatuses come together: name both.", [StatusColumn is null ? nameof(StatusColumn) : nameof(SkipStatuses)]);
        }

        if (OutValues is not null && InValues is not null && Values(OutValues).Intersect(Values(InValues), StringComparer.OrdinalIgnoreCase).Any())
        {
            yield return new ValidationResult("A value cannot mean both money out and money in.", [nameof(InValues)]);
        }

        foreach (var (name, list) in new[] { (nameof(OutValues), OutValues), (nameof(InValues), InValues), (nameof(SkipStatuses), SkipStatuses) })
        {
            if (list is not null && Values(list).Count == 0)
            {
                yield return new ValidationResult("The list needs at least one value, separated by commas.", [name]);
            }
        }
    }

    /// <summary>The values of a comma-separated list, trimmed, without empty ones.</summary>
    public static IReadOnlyList<string> Values(string? list) =>
        list?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static bool DateFormatRoundTrips(string format)
    {
        try
        {
            var written = FormatProbe.ToString(format, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(written, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var read) && read.Date == FormatProbe.Date;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>The query of <c>POST /imports</c>: a mapping (or a profile, which the mapping's parameters override) and what to do.</summary>
public sealed record ImportQuery : ImportMapping
{
    /// <summary>A saved or built-in profile (<c>GET /imports/profiles</c>) to read the file with; parameters sent beside it win.</summary>
    [StringLength(ImportProfileRules.NameMaxLength, ErrorMessage = "A profile name must be at most 50 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = ImportProfileRules.NameMaxLength, Pattern = ImportProfileRules.NamePattern)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? Profile { get; init; }

    /// <summary>Only answer what would happen, each row as it would be stored; store nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Recreate rows whose external id belongs to a transaction you deleted.</summary>
    public bool ReimportDeleted { get; init; }

    /// <summary>With a profile, <c>?creditColumn=</c> alone may replace one of its pair: the rules hold for the two merged.</summary>
    protected override bool ChecksItself => Profile is null;

    /// <summary>The account that receives every row, in its currency. When absent: the account whose <c>number</c> an OFX or CAMT.053 statement names, else your default account.</summary>
    public Guid? AccountId { get; init; }
}

/// <summary>What an import did (or, with <c>dryRun</c>, would do), row by row.</summary>
/// <param name="Created">Rows stored as new transactions.</param>
/// <param name="Duplicates">Rows whose external id is already stored or came earlier in the file.</param>
/// <param name="Deleted">Rows whose external id belongs to a transaction you deleted (not recreated).</param>
/// <param name="Skipped">Rows that are not transactions: a balance line without date and amount, a zero amount, a pending row.</param>
/// <param name="Invalid">Rows that could not be read; any makes the import a 400 that stores nothing.</param>
/// <param name="Rows">One entry per data row, in file order.</param>
public sealed record ImportResponse(
    int Created,
    int Duplicates,
    int Deleted,
    int Skipped,
    int Invalid,
    [property: SchemaLimits(MaxItems = ImportResponse.MaxRows)] IReadOnlyList<ImportRowResult> Rows) : IChangeResponse
{
    /// <summary>More rows than this do not fit in the 10 MiB a file may have.</summary>
    public const int MaxRows = 10 * 1024 * 1024;

    /// <summary>The import's place in the change feed; sent as <c>Cashman-Change-Cursor</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long ChangeSeq { get; init; }
}

/// <summary>
/// One data row: its line in the file, what became of it and the transaction it is (or names). In a dry run, also the row
/// as it would be stored: <c>type</c>, <c>occurredOn</c>, <c>amount</c> with its sign, <c>currency</c> and
/// <c>description</c>, so that a wrong mapping shows before anything is written (null otherwise). A <c>skipped</c> row has
/// its <c>reason</c>; an <c>invalid</c> one its <c>errors</c>.
/// </summary>
public sealed record ImportRowResult(
    int Line,
    [property: SchemaLimits(MaxLength = 9, Pattern = "^(created|duplicate|deleted|skipped|invalid)$")] string Status,
    Guid? Id,
    IReadOnlyDictionary<string, string[]>? Errors)
{
    public const string Invalid = "invalid";
    public const string Skipped = "skipped";

    /// <summary><c>income</c>, <c>expense</c> or <c>transfer</c>; null for a skipped or invalid row.</summary>
    [SchemaLimits(MaxLength = 8, Pattern = "^(income|expense|transfer)$")]
    public string? Type { get; init; }

    /// <summary>The day the row is stored with.</summary>
    public DateOnly? OccurredOn { get; init; }

    /// <summary>The amount as stored, in the account's currency: negative for an expense.</summary>
    [SchemaLimits(Minimum = MoneyBounds.MinSigned, Maximum = MoneyBounds.MaxAbsolute)]
    public decimal? Amount { get; init; }

    /// <summary>The account's currency.</summary>
    [SchemaLimits(MinLength = 3, MaxLength = 3, Pattern = Currencies.CodePattern)]
    public string? Currency { get; init; }

    /// <summary>The description as stored.</summary>
    [SchemaLimits(MaxLength = TransactionRules.DescriptionMaxLength)]
    public string? Description { get; init; }

    /// <summary>Why a row was skipped.</summary>
    [SchemaLimits(MaxLength = 200)]
    public string? Reason { get; init; }
}
