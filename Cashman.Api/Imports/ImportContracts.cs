using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;

namespace Cashman.Api.Imports;

/// <summary>
/// How to read a CSV file: column names (by header, any case), date format, decimal separator and delimiter. A parameter
/// sent empty or as white space is a 400, never silently the default.
/// </summary>
public sealed record ImportQuery : IValidatableObject
{
    public const string DefaultDateFormat = "yyyy-MM-dd";

    /// <summary>A day that a date format must write and read back unchanged (day, month and year all differ).</summary>
    private static readonly DateOnly FormatProbe = new(2031, 11, 23);

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

    /// <summary>The amount column (default <c>amount</c>): positive is an income, negative an expense.</summary>
    [StringLength(100, ErrorMessage = "A column name must be at most 100 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 100)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? AmountColumn { get; init; }

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

    /// <summary>A .NET date format such as <c>dd.MM.yyyy</c> or <c>MM/dd/yyyy</c> (default <c>yyyy-MM-dd</c>).</summary>
    [StringLength(40, ErrorMessage = "The dateFormat must be at most 40 characters.")]
    [SchemaLimits(MinLength = 1, MaxLength = 40)]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    [MinLength(1, ErrorMessage = "This parameter must not be empty.")]
    public string? DateFormat { get; init; }

    /// <summary><c>.</c> (default) or <c>,</c>; the other one may group thousands.</summary>
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

    /// <summary>Only answer what would happen; store nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Recreate rows whose external id belongs to a transaction you deleted.</summary>
    public bool ReimportDeleted { get; init; }

    /// <summary>The account that receives every row, in its currency; your default account when absent.</summary>
    public Guid? AccountId { get; init; }

    /// <summary>A date format that cannot write and read back a day (<c>%</c>, <c>z</c>, <c>yyyy</c>) is a 400, not a 500 at the first row.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DateFormat is null)
        {
            yield break;
        }

        bool roundTrips;
        try
        {
            var written = FormatProbe.ToString(DateFormat, CultureInfo.InvariantCulture);
            roundTrips = DateOnly.TryParseExact(written, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var read) && read == FormatProbe;
        }
        catch (FormatException)
        {
            roundTrips = false;
        }

        if (!roundTrips)
        {
            yield return new ValidationResult(
                "The dateFormat must be a .NET date format with the day, month and year, such as dd.MM.yyyy or MM/dd/yyyy.", [nameof(DateFormat)]);
        }
    }
}

/// <summary>What an import did (or, with <c>dryRun</c>, would do), row by row.</summary>
/// <param name="Created">Rows stored as new transactions.</param>
/// <param name="Duplicates">Rows whose external id is already stored or came earlier in the file.</param>
/// <param name="Deleted">Rows whose external id belongs to a transaction you deleted (not recreated).</param>
/// <param name="Invalid">Rows that could not be read; any makes the import a 400 that stores nothing.</param>
/// <param name="Rows">One entry per data row, in file order.</param>
public sealed record ImportResponse(
    int Created,
    int Duplicates,
    int Deleted,
    int Invalid,
    [property: SchemaLimits(MaxItems = ImportResponse.MaxRows)] IReadOnlyList<ImportRowResult> Rows) : IChangeResponse
{
    /// <summary>More rows than this do not fit in the 10 MiB a file may have.</summary>
    public const int MaxRows = 10 * 1024 * 1024;

    /// <summary>The import's place in the change feed; sent as <c>Cashman-Change-Cursor</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long ChangeSeq { get; init; }
}

/// <summary>One data row: its line in the file, what became of it, the transaction it is (or names), or why it is invalid.</summary>
public sealed record ImportRowResult(
    int Line,
    [property: SchemaLimits(MaxLength = 9, Pattern = "^(created|duplicate|deleted|invalid)$")] string Status,
    Guid? Id,
    IReadOnlyDictionary<string, string[]>? Errors)
{
    public const string Invalid = "invalid";
}
