using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cashman.Api.Contracts;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;
using nietras.SeparatedValues;

namespace Cashman.Api.Services;

/// <summary>Rows of an import that could not be read: the whole import is a 400 that lists them by line.</summary>
public sealed class ImportRowsInvalidException(IReadOnlyList<ImportRowResult> rows)
    : Exception("Some rows are invalid; nothing was stored. rows lists them by line.")
{
    public IReadOnlyList<ImportRowResult> Rows { get; } = rows;
}

/// <summary>
/// Reads a bank statement or a Cashman export (CSV, parsed by Sep; the default column names are the export's) into new transactions and stores them through the
/// batch rules (<see cref="BulkTransactionService"/>): all or nothing, duplicates and deleted ones reported per row.
/// </summary>
public sealed class ImportService(BulkTransactionService bulk, NewTransactions newTransactions)
{
    /// <summary>Maximum body of an import: 10 MiB.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<ImportResponse> ImportAsync(byte[] body, ImportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(query);
        var file = Decode(body);
        var decimalSeparator = query.DecimalSeparator ?? ".";
        var number = new NumberFormatInfo
        {
            NumberDecimalSeparator = decimalSeparator,
            NumberGroupSeparator = decimalSeparator == "." ? "," : ".",
            NegativeSign = "-",
        };
        var dateFormat = query.DateFormat ?? "yyyy-MM-dd";
        var delimiter = (query.Delimiter ?? ",")[0];

        using var reader = Sep.New(delimiter).Reader(o => o with
        {
            Unescape = true,
            Trim = SepTrim.All,
            DisableColCountCheck = true,
            ColNameComparer = StringComparer.OrdinalIgnoreCase,
        }).FromText(file);
        if (reader.IsEmpty)
        {
            throw Invalid("body", "The file is empty: it needs a header line and at least one row.");
        }

        var date = Column(reader, query.DateColumn, "occurredOn", nameof(query.DateColumn), required: true);
        var description = Column(reader, query.DescriptionColumn, "description", nameof(query.DescriptionColumn), required: true);
        var amount = Column(reader, query.AmountColumn, "amount", nameof(query.AmountColumn), required: true);
        var category = Column(reader, query.CategoryColumn, "category", nameof(query.CategoryColumn), required: query.CategoryColumn is not null);
        var externalId = Column(reader, query.ExternalIdColumn, "externalId", nameof(query.ExternalIdColumn), required: query.ExternalIdColumn is not null);

        var now = newTransactions.Now();
        var lines = new List<int>();
        var rows = new List<Transaction>();
        var invalid = new List<ImportRowResult>();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in reader)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var day = DateOnly.TryParseExact(Field(row, date), dateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDay)
                ? parsedDay
                : (DateOnly?)null;
            if (day is null)
            {
                errors["occurredOn"] = [$"The date must be written as {dateFormat}."];
            }

            var money = decimal.TryParse(Field(row, amount), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, number, out var parsedAmount)
                ? parsedAmount
                : (decimal?)null;
            if (money is null)
            {
                errors["amount"] = [$"The amount must be a number with '{decimalSeparator}' before the cents."];
            }

            var text = Field(row, description);
            var request = new TransactionRequest
            {
                Description = text,
                Amount = money,
                Category = category < 0 ? null : Field(row, category),
                OccurredOn = day,
                ExternalId = externalId < 0 || Field(row, externalId) is not { Length: > 0 } given ? null : given,
            };
            if (errors.Count == 0 && request.ExternalId is null)
            {
                request = request with { ExternalId = DerivedExternalId(day!.Value, money!.Value, text, occurrences) };
            }

            try
            {
                var transaction = newTransactions.Build(money > 0 ? TransactionKind.Income : TransactionKind.Expense, request, now);
                if (errors.Count == 0)
                {
                    rows.Add(transaction);
                    lines.Add(row.LineNumberFrom);
                }
            }
            catch (DomainValidationException domain)
            {
                foreach (var (field, messages) in domain.Errors)
                {
                    errors.TryAdd(field, messages);
                }
            }

            if (errors.Count > 0)
            {
                invalid.Add(new ImportRowResult(row.LineNumberFrom, ImportRowResult.Invalid, null, errors));
            }
        }

        if (invalid.Count > 0)
        {
            throw new ImportRowsInvalidException(invalid);
        }

        if (rows.Count == 0)
        {
            throw Invalid("body", "The file has a header but no rows.");
        }

        var outcome = await bulk.StoreAsync(rows, query.ReimportDeleted, query.DryRun, cancellationToken);
        var results = outcome.Results.Select((r, i) => new ImportRowResult(lines[i], r.Status, r.Id, null)).ToList();
        return new ImportResponse(
            results.Count(r => r.Status == BatchItemResult.Created),
            results.Count(r => r.Status == BatchItemResult.Duplicate),
            results.Count(r => r.Status == BatchItemResult.Deleted),
            0,
            results)
        {
            ChangeSeq = outcome.ChangeSeq,
        };
    }

    /// <summary>
    /// The id of a row that has none: its day, amount and description, and its occurrence among identical rows of the
    /// file, so that two identical coffees on one day are both kept and the same file imported twice creates nothing.
    /// </summary>
    public static string DerivedExternalId(DateOnly day, decimal amount, string? description, Dictionary<string, int> occurrences)
    {
        ArgumentNullException.ThrowIfNull(occurrences);
        var key = string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}|{amount:0.00}|{description?.Trim()}");
        var occurrence = occurrences[key] = occurrences.GetValueOrDefault(key) + 1;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 12).Replace('+', '-').Replace('/', '_');
        return string.Create(CultureInfo.InvariantCulture, $"csv:{day:yyyy-MM-dd}:{amount:0.00}:{hash}:{occurrence}");
    }

    private static string Decode(byte[] body)
    {
        try
        {
            var text = StrictUtf8.GetString(body);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw Invalid("body", "The file must be UTF-8.");
        }
    }

    /// <summary>The index of a column by header name, or -1 for an optional one the file lacks.</summary>
    private static int Column(SepReader reader, string? given, string defaultName, string parameter, bool required)
    {
        if (reader.Header.TryIndexOf(given ?? defaultName, out var index))
        {
            return index;
        }

        var name = char.ToLowerInvariant(parameter[0]) + parameter[1..];
        return required
            ? throw Invalid(name, $"The file has no column named '{given ?? defaultName}'; name yours with {name}. Its columns: {string.Join(", ", reader.Header.ColNames)}.")
            : -1;
    }

    private static string? Field(SepReader.Row row, int index) => index < row.ColCount ? row[index].ToString() : null;

    private static DomainValidationException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
