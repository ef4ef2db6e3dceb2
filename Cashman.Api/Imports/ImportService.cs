using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Cashman.Api.Accounts;
using Cashman.Api.Http;
using Cashman.Api.Sync;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;
using nietras.SeparatedValues;

namespace Cashman.Api.Imports;

/// <summary>Rows of an import that could not be read: the whole import is a 400 that lists them by line.</summary>
public sealed class ImportRowsInvalidException(IReadOnlyList<ImportRowResult> rows)
    : Exception("Some rows are invalid; nothing was stored. rows lists them by line.")
{
    public IReadOnlyList<ImportRowResult> Rows { get; } = rows;
}

/// <summary>
/// Reads a bank statement or a Cashman export (CSV, parsed by Sep as it arrives; the default column names are the
/// export's) into new transactions and stores them, while the rest of the file is still read, through the batch rules
/// (<see cref="BulkTransactionService.StoreStreamAsync"/>): all or nothing, duplicates and deleted ones reported per row.
/// </summary>
/// <remarks>
/// The body is decoded and parsed as it streams in, so the file is never held whole, as bytes or as text. The header row
/// is read here rather than by Sep, because bank files often carry empty or repeated column names (a delimiter at the end
/// of every line): those are ignored unless a mapping names them, and a name that matches two columns is a 400. Cells
/// are not trimmed by the parser, because an external id is kept exactly as sent; the other fields are trimmed here or
/// by the domain. No message of this class carries a cell of the file, so nothing of a body reaches a log.
/// </remarks>
public sealed class ImportService(BulkTransactionService bulk, NewTransactions newTransactions, CallerAccounts callerAccounts, CurrentUser currentUser)
{
    /// <summary>Maximum body of an import: 10 MiB.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>UTF-8 that throws on invalid bytes; its preamble makes the reader skip a byte order mark.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    public async Task<ImportResponse> ImportAsync(Stream body, ImportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(query);
        var format = ReadFormat(query);

        // A statement is one account's: every row goes to ?accountId= (the default account when absent).
        // Every account, by name too: a Cashman export names the account of each row, and those missing are created.
        var book = await callerAccounts.BookAsync([query.AccountId], cancellationToken, all: true);
        var account = book.Resolve(query.AccountId, "accountId");
        using var text = new StreamReader(body, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        try
        {
            using var reader = await Sep.New(format.Delimiter).Reader(o => o with
            {
                HasHeader = false,
                Unescape = true,
                DisableColCountCheck = true,
            }).FromAsync(text, cancellationToken);
            var lines = new List<int>();
            var outcome = await bulk.StoreStreamAsync(ReadRowsAsync(reader, query, format, book, account.Id, lines, cancellationToken), book, query.ReimportDeleted, query.DryRun, cancellationToken);
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
        catch (DecoderFallbackException)
        {
            throw DomainValidationException.For("body", "The file must be UTF-8.");
        }
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

    /// <summary>
    /// The valid rows of the file, as they are read, with their line numbers added to <paramref name="lines"/>. After the
    /// last line, any invalid one makes it throw (the store then cancels and keeps nothing), listing every invalid line.
    /// </summary>
    private async IAsyncEnumerable<Transaction> ReadRowsAsync(
        SepReader reader, ImportQuery query, FileFormat format, AccountBook book, Guid account, List<int> lines, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Columns? columns = null;
        var now = newTransactions.Now();
        var invalid = new List<ImportRowResult>();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in reader.WithCancellation(cancellationToken))
        {
            if (columns is null)
            {
                columns = Columns.Find(row, query);
                continue;
            }

            var line = row.LineNumberFrom;
            var (transaction, errors) = ReadRow(row, columns, format, book, account, now, occurrences);
            if (errors is not null)
            {
                invalid.Add(new ImportRowResult(line, ImportRowResult.Invalid, null, errors));
            }
            else if (invalid.Count == 0)
            {
                lines.Add(line);
                yield return transaction!;
            }
        }

        if (columns is null)
        {
            throw DomainValidationException.For("body", "The file is empty: it needs a header line and at least one row.");
        }

        if (invalid.Count > 0)
        {
            throw new ImportRowsInvalidException(invalid);
        }

        if (lines.Count == 0)
        {
            throw DomainValidationException.For("body", "The file has a header but no rows.");
        }
    }

    private (Transaction? Transaction, Dictionary<string, string[]>? Errors) ReadRow(
        SepReader.Row row, Columns columns, FileFormat format, AccountBook book, Guid account, DateTimeOffset now, Dictionary<string, int> occurrences)
    {
        Dictionary<string, string[]>? errors = null;
        void Fail(string field, string message) => (errors ??= new(StringComparer.Ordinal))[field] = [message];

        DateOnly? day = DateOnly.TryParseExact(Field(row, columns.Date)?.Trim(), format.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDay)
            ? parsedDay
            : null;
        if (day is null)
        {
            Fail("occurredOn", $"The date must be written as {format.DateFormat}.");
        }

        decimal? money = null;
        try
        {
            money = AmountText.Parse(Field(row, columns.Amount)?.Trim(), format.DecimalSeparator);
            if (money is null)
            {
                Fail("amount", $"The amount must be a number with '{format.DecimalSeparator}' before the cents and '{format.GroupSeparator}', if any, only between groups of three digits.");
            }
        }
        catch (InvalidAmountException exception)
        {
            Fail("amount", exception.Message);
        }

        // A Cashman export names each row's account (created when missing) and carries transfers whole.
        var kind = money > 0 ? TransactionKind.Income : TransactionKind.Expense;
        if (Text(row, columns.Account, columns) is { Length: > 0 } accountName)
        {
            account = AccountNamed(book, accountName, Field(row, columns.AccountKind), Field(row, columns.Currency), "account", now, Fail) ?? account;
        }
        else if (Field(row, columns.Currency)?.Trim() is { Length: > 0 } currency && currency != book.CurrencyOf(account))
        {
            Fail("currency", $"The row is in {currency}, but the account it goes to is in {book.CurrencyOf(account)}.");
        }

        Guid? toAccount = null;
        decimal? toAmount = null;
        if (Field(row, columns.Type)?.Trim() == TransactionKindNames.Transfer)
        {
            kind = TransactionKind.Transfer;
            toAccount = Text(row, columns.ToAccount, columns) is { Length: > 0 } toName
                ? AccountNamed(book, toName, Field(row, columns.ToAccountKind), Field(row, columns.ToCurrency), "toAccount", now, Fail)
                : null;
            toAmount = AmountText.Parse(Field(row, columns.ToAmount)?.Trim(), '.');
        }

        var description = Text(row, columns.Description, columns);
        var request = new TransactionInput(
            account,
            description,
            money,
            Text(row, columns.Category, columns),
            day,
            Text(row, columns.ExternalId, columns) is { Length: > 0 } given ? given : null,
            toAccount,
            toAmount);
        if (errors is null && request.ExternalId is null)
        {
            request = request with { ExternalId = DerivedExternalId(day!.Value, money!.Value, description, occurrences) };
        }

        try
        {
            var transaction = newTransactions.Build(kind, request, book, now);
            return (errors is null ? transaction : null, errors);
        }
        catch (DomainValidationException domain)
        {
            foreach (var (field, messages) in domain.Errors)
            {
                if (errors?.ContainsKey(field) != true)
                {
                    Fail(field, messages[0]);
                }
            }

            return (null, errors);
        }
    }

    /// <summary>
    /// The caller's account of this name (ignoring case), or a new one of that name, kind and currency that the store
    /// creates before its first row; a name whose account has another currency, or that makes no valid account, is an
    /// error of the row.
    /// </summary>
    private Guid? AccountNamed(AccountBook book, string name, string? kindText, string? currencyText, string field, DateTimeOffset now, Action<string, string> fail)
    {
        var currency = currencyText?.Trim() is { Length: > 0 } given ? given : book.BaseCurrency;
        if (book.Named(name.Trim()) is { } known)
        {
            if (known.Currency != currency)
            {
                fail(field, $"Your account '{known.Name}' is in {known.Currency}, not {currency}.");
                return null;
            }

            return known.Id;
        }

        try
        {
            var kind = MoneyRules.ParseKind(kindText?.Trim()) ?? AccountKind.Checking;
            var created = new Account(Guid.CreateVersion7(now), currentUser.Id, new AccountDetails(name, kind, currency, null, 0m, null, false), book.Today(now), now);
            book.AddNew(created);
            return created.Id;
        }
        catch (DomainValidationException invalid)
        {
            fail(field, string.Join(" ", invalid.Errors.SelectMany(e => e.Value)));
            return null;
        }
    }

    /// <summary>The formats of the query (checked by its validation), with their defaults.</summary>
    private static FileFormat ReadFormat(ImportQuery query)
    {
        var decimalSeparator = query.DecimalSeparator is [var separator] ? separator : '.';
        return new FileFormat(
            query.DateFormat ?? ImportQuery.DefaultDateFormat,
            decimalSeparator,
            decimalSeparator == '.' ? ',' : '.',
            query.Delimiter is [var delimiter] ? delimiter : ',');
    }

    private static string? Field(SepReader.Row row, int index) => index >= 0 && index < row.ColCount ? row[index].ToString() : null;

    /// <summary>A text cell; in Cashman's own export, without the quote that protected it from spreadsheets.</summary>
    private static string? Text(SepReader.Row row, int index, Columns columns) =>
        columns.IsExport ? CsvCells.Unprotect(Field(row, index)) : Field(row, index);


    private sealed record FileFormat(string DateFormat, char DecimalSeparator, char GroupSeparator, char Delimiter);

    /// <summary>Where the mapped columns are in the header row (-1: an optional one the file lacks).</summary>
    private sealed record Columns(int Date, int Description, int Amount, int Category, int ExternalId, bool IsExport)
    {
        /// <summary>Columns of Cashman's own export (-1 when the file has none).</summary>
        public int Type { get; init; } = -1;

        public int Currency { get; init; } = -1;

        public int Account { get; init; } = -1;

        public int AccountKind { get; init; } = -1;

        public int ToAccount { get; init; } = -1;

        public int ToAccountKind { get; init; } = -1;

        public int ToAmount { get; init; } = -1;

        public int ToCurrency { get; init; } = -1;

        public static Columns Find(SepReader.Row header, ImportQuery query)
        {
            var names = new string[header.ColCount];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = header[i].ToString().Trim().TrimStart('\uFEFF');
            }

            var isExport = names.Length >= ExportService.FirstHeaderLength
                && ExportService.Header.Take(ExportService.FirstHeaderLength).Select((name, i) => string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)).All(same => same);
            int Optional(string name) => isExport ? Index(names, null, name, name, required: false) : -1;
            return new Columns(
                Index(names, query.DateColumn, "occurredOn", "dateColumn", required: true),
                Index(names, query.DescriptionColumn, "description", "descriptionColumn", required: true),
                Index(names, query.AmountColumn, "amount", "amountColumn", required: true),
                Index(names, query.CategoryColumn, "category", "categoryColumn", required: query.CategoryColumn is not null),
                Index(names, query.ExternalIdColumn, "externalId", "externalIdColumn", required: query.ExternalIdColumn is not null),
                isExport)
            {
                Type = Optional("type"),
                // A bank file's currency column is checked against the account when there is exactly one.
                Currency = names.Count(n => n.Equals("currency", StringComparison.OrdinalIgnoreCase)) == 1
                    ? Array.FindIndex(names, n => n.Equals("currency", StringComparison.OrdinalIgnoreCase))
                    : -1,
                Account = Optional("account"),
                AccountKind = Optional("accountKind"),
                ToAccount = Optional("toAccount"),
                ToAccountKind = Optional("toAccountKind"),
                ToAmount = Optional("toAmount"),
                ToCurrency = Optional("toCurrency"),
            };
        }

        /// <summary>The one column with this name, in any case; a name two columns have is a 400 naming the parameter.</summary>
        private static int Index(string[] names, string? given, string defaultName, string parameter, bool required)
        {
            var name = given?.Trim() ?? defaultName;
            var found = -1;
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    if (found >= 0)
                    {
                        throw DomainValidationException.For(parameter, $"The file has more than one column named '{name}', so {parameter} cannot tell which to read; rename one in the file.");
                    }

                    found = i;
                }
            }

            return found >= 0 || !required
                ? found
                : throw DomainValidationException.For(parameter, $"The file has no column named '{name}'; name yours with {parameter}. Its columns: {string.Join(", ", names.Where(n => n.Length > 0))}.");
        }
    }
}
