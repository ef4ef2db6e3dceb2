using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cashman.Api.Accounts;
using Cashman.Api.Sync;
using Cashman.Api.Transactions;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Imports;

/// <summary>Rows of an import that could not be read: the whole import is a 400 that lists them by line.</summary>
public sealed class ImportRowsInvalidException(IReadOnlyList<ImportRowResult> rows)
    : Exception("Some rows are invalid; nothing was stored. rows lists them by line.")
{
    public IReadOnlyList<ImportRowResult> Rows { get; } = rows;
}

/// <summary>
/// The rows of one import as every format reads them: each one built into a transaction by the one path every write takes
/// (<see cref="NewTransactions"/>), skipped with its reason, or invalid with its errors, in file order. Once the store has
/// answered, <see cref="Answer"/> fills in what became of each stored row.
/// </summary>
/// <param name="newTransactions">How every write builds a transaction.</param>
/// <param name="book">The caller's accounts.</param>
/// <param name="preview">
/// A dry run: each row answers as it would be stored (type, day, signed amount, currency, description). An import that
/// stores answers ids only, which keeps the answer of a 10 MiB file (a quarter of a million rows) small.
/// </param>
public sealed class ImportRows(NewTransactions newTransactions, AccountBook book, bool preview)
{
    /// <summary>Why a row is skipped.</summary>
    public const string BalanceLine = "It has neither a date nor an amount (a balance line).";
    public const string Zero = "Its amount is zero (a hold or a notice, not money that moved).";
    public const string StatusSkipped = "Its statusColumn is one of skipStatuses (pending, or not a booking).";
    public const string Pending = "Pending: the bank has not booked it yet.";

    /// <summary>Every row in file order; a stored row without details is kept as its line, status and id only.</summary>
    private readonly List<Row> _rows = [];
    private readonly List<int> _stored = [];
    private readonly List<ImportRowResult> _invalid = [];
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    public DateTimeOffset Now { get; } = newTransactions.Now();

    public AccountBook Book => book;

    /// <summary>Whether a row so far was invalid: the rows after it are still read and checked, but no longer stored.</summary>
    public bool AnyInvalid => _invalid.Count > 0;

    /// <summary>A row's transaction, or null (and the row invalid) when the domain refuses it; <paramref name="errors"/> are the reader's own.</summary>
    public Transaction? Build(int line, TransactionKind kind, TransactionInput input, Dictionary<string, string[]>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (errors is null && input.ExternalId is null)
        {
            input = input with { ExternalId = DerivedExternalId(input.OccurredOn!.Value, input.Amount!.Value, input.Description, _occurrences) };
        }

        try
        {
            var transaction = newTransactions.Build(kind, input, book, Now);
            if (errors is null)
            {
                _stored.Add(_rows.Count);
                _rows.Add(new Row(line, BatchItemResult.Created, transaction.Id, preview
                    ? new ImportRowResult(line, BatchItemResult.Created, transaction.Id, null)
                    {
                        Type = TransactionKindNames.Of(transaction.Kind),
                        OccurredOn = transaction.OccurredOn,
                        Amount = transaction.Amount,
                        Currency = transaction.Currency,
                        Description = transaction.Description,
                    }
                    : null));
                return AnyInvalid ? null : transaction;
            }
        }
        catch (DomainValidationException domain)
        {
            errors ??= new(StringComparer.Ordinal);
            foreach (var (field, messages) in domain.Errors)
            {
                errors.TryAdd(field, [messages[0]]);
            }
        }

        Invalid(line, errors!);
        return null;
    }

    /// <summary>A row that is not a transaction (a balance line, a zero amount, a pending booking).</summary>
    public void Skip(int line, string reason) =>
        _rows.Add(new Row(line, ImportRowResult.Skipped, null, new ImportRowResult(line, ImportRowResult.Skipped, null, null) { Reason = reason }));

    /// <summary>A row that cannot be read: the import stores nothing and lists it.</summary>
    public void Invalid(int line, IReadOnlyDictionary<string, string[]> errors)
    {
        var row = new ImportRowResult(line, ImportRowResult.Invalid, null, errors);
        _rows.Add(new Row(line, row.Status, null, row));
        _invalid.Add(row);
    }

    /// <summary>After the last row: invalid rows make the import a 400; a file without any row is one too.</summary>
    public void Finish()
    {
        if (AnyInvalid)
        {
            throw new ImportRowsInvalidException(_invalid);
        }

        if (_rows.Count == 0)
        {
            throw DomainValidationException.For("body", "The file has no rows.");
        }
    }

    /// <summary>The answer, with what the store did with each row it was given, in order.</summary>
    public ImportResponse Answer(BulkOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        for (var i = 0; i < outcome.Results.Count; i++)
        {
            var index = _stored[i];
            var (status, id) = (outcome.Results[i].Status, outcome.Results[i].Id);
            _rows[index] = _rows[index] with { Status = status, Id = id, Details = _rows[index].Details is { } details ? details with { Status = status, Id = id } : null };
        }

        return new ImportResponse(
            _rows.Count(r => r.Status == BatchItemResult.Created),
            _rows.Count(r => r.Status == BatchItemResult.Duplicate),
            _rows.Count(r => r.Status == BatchItemResult.Deleted),
            _rows.Count(r => r.Status == ImportRowResult.Skipped),
            0,
            new Answers(_rows))
        {
            ChangeSeq = outcome.ChangeSeq,
        };
    }

    /// <summary>A row as kept until the answer is written: 40 bytes unless it has details to show.</summary>
    private readonly record struct Row(int Line, string Status, Guid? Id, ImportRowResult? Details)
    {
        public ImportRowResult Answer => Details ?? new ImportRowResult(Line, Status, Id, null);
    }

    /// <summary>The answer's rows, made one by one as they are written.</summary>
    private sealed class Answers(List<Row> rows) : IReadOnlyList<ImportRowResult>
    {
        public int Count => rows.Count;

        public ImportRowResult this[int index] => rows[index].Answer;

        public IEnumerator<ImportRowResult> GetEnumerator() => rows.Select(r => r.Answer).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
}
