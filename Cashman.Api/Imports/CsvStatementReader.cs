using System.Globalization;
using System.Runtime.CompilerServices;
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

/// <summary>
/// Reads a CSV statement (a bank's layout, described by an <see cref="ImportMapping"/>, or Cashman's own export) row by
/// row, parsed by Sep as the body arrives, into <see cref="ImportRows"/>.
/// </summary>
/// <remarks>
/// The header row is found and read here rather than by Sep: bank files start with account summaries, and often carry
/// empty or repeated column names (a delimiter at the end of every line); those are ignored unless a mapping names them,
/// and a name that matches two columns is a 400. Cells are not trimmed by the parser, because an external id is kept
/// exactly as sent; the other fields are trimmed here or by the domain. No message here carries a cell of the file, so
/// nothing of a body reaches a log.
/// </remarks>
public sealed class CsvStatementReader(CurrentUser currentUser)
{
    /// <summary>Without <c>skipLines</c>, the header is looked for in this many lines.</summary>
    public const int HeaderSearchLines = 30;

    public async IAsyncEnumerable<Transaction> ReadAsync(
        TextReader text, ImportMapping mapping, ImportRows rows, Guid account, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(rows);
        var format = CsvFormat.Of(mapping);
        using var reader = await Sep.New(format.Delimiter).Reader(o => o with
        {
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
        }).FromAsync(text, cancellationToken);

        CsvColumns? columns = null;
        string[]? firstLine = null;
        var seen = 0;
        await foreach (var row in reader.WithCancellation(cancellationToken))
        {
            seen++;
            if (seen <= format.SkipLines)
            {
                continue;
            }

            if (columns is null)
            {
                var cells = Cells(row);
                firstLine ??= cells;
                if (!format.HasHeader)
                {
                    columns = CsvColumns.Numbered(mapping, cells.Length);
                }
                else
                {
                    if (mapping.SkipLines is null && seen - format.SkipLines < HeaderSearchLines && !CsvColumns.Holds(cells, mapping))
                    {
                        continue;
                    }

                    columns = CsvColumns.Named(mapping.SkipLines is null && !CsvColumns.Holds(cells, mapping) ? firstLine : cells, mapping);
                    continue;
                }
            }

            // Sep 0.17 numbers the first row of a file as line 2; it is line 1.
            if (ReadRow(row, seen == 1 ? 1 : row.LineNumberFrom, columns, format, rows, account) is { } transaction)
            {
                yield return transaction;
            }
        }

        if (columns is null)
        {
            if (firstLine is not null && format.HasHeader)
            {
                // Fewer lines than the search covers, none of them a header: say what is missing from the first one.
                CsvColumns.Named(firstLine, mapping);
            }

            throw DomainValidationException.For("body", "The file is empty: it needs a header line and at least one row.");
        }

        rows.Finish();
    }

    private static string[] Cells(SepReader.Row row)
    {
        var cells = new string[row.ColCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = row[i].ToString();
        }

        return cells;
    }

    private static string? Field(SepReader.Row row, int index) => index >= 0 && index < row.ColCount ? row[index].ToString() : null;

    /// <summary>A text cell; in Cashman's own export, without the quote that protected it from spreadsheets.</summary>
    private static string? Text(SepReader.Row row, int index, CsvColumns columns) =>
        columns.IsExport ? CsvCells.Unprotect(Field(row, index)) : Field(row, index);

    private Transaction? ReadRow(SepReader.Row row, int line, CsvColumns columns, CsvFormat format, ImportRows rows, Guid account)
    {
        var blank = true;
        for (var i = 0; i < row.ColCount && blank; i++)
        {
            blank = row[i].Span.IsWhiteSpace();
        }

        if (blank)
        {
            return null;
        }

        // A row may have one empty field more (a delimiter at the end) or one fewer (the last one left out) than the header.
        if (row.ColCount != columns.Count
            && !(row.ColCount == columns.Count + 1 && row[row.ColCount - 1].Span.IsWhiteSpace())
            && row.ColCount != columns.Count - 1)
        {
            rows.Invalid(line, Error("line", $"The line has {row.ColCount} fields, where the header has {columns.Count}."));
            return null;
        }

        if (columns.Status >= 0 && Field(row, columns.Status)?.Trim() is { } status && format.SkipStatuses.Contains(status))
        {
            rows.Skip(line, ImportRows.StatusSkipped);
            return null;
        }

        var dateText = Field(row, columns.Date)?.Trim();
        var written = new AmountCells(Field(row, columns.Amount), Field(row, columns.Debit), Field(row, columns.Credit), Field(row, columns.Direction));
        if (string.IsNullOrEmpty(dateText) && written.Empty)
        {
            rows.Skip(line, ImportRows.BalanceLine);
            return null;
        }

        Dictionary<string, string[]>? errors = null;
        void Fail(string field, string message) => (errors ??= new(StringComparer.Ordinal))[field] = [message];

        var money = Amount(written, columns, format, Fail, out var writtenCurrency);
        if (money == 0m)
        {
            rows.Skip(line, ImportRows.Zero);
            return null;
        }

        DateOnly? day = DateTime.TryParseExact(dateText, format.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDay)
            ? DateOnly.FromDateTime(parsedDay)
            : null;
        if (day is null)
        {
            Fail("occurredOn", $"The date must be written as {format.DateFormat}.");
        }

        // A Cashman export names each row's account (created when missing) and carries transfers whole.
        var book = rows.Book;
        var kind = money > 0 ? TransactionKind.Income : TransactionKind.Expense;
        if (Text(row, columns.Account, columns) is { Length: > 0 } accountName)
        {
            account = AccountNamed(book, accountName, Field(row, columns.AccountKind), Field(row, columns.Currency), "account", rows.Now, Fail) ?? account;
        }
        else if ((Field(row, columns.Currency)?.Trim() is { Length: > 0 } currency ? currency : writtenCurrency) is { } named && named != book.CurrencyOf(account))
        {
            Fail("currency", $"The row is in {named}, but the account it goes to is in {book.CurrencyOf(account)}.");
        }

        Guid? toAccount = null;
        decimal? toAmount = null;
        if (Field(row, columns.Type)?.Trim() == TransactionKindNames.Transfer)
        {
            kind = TransactionKind.Transfer;
            toAccount = Text(row, columns.ToAccount, columns) is { Length: > 0 } toName
                ? AccountNamed(book, toName, Field(row, columns.ToAccountKind), Field(row, columns.ToCurrency), "toAccount", rows.Now, Fail)
                : null;
            toAmount = AmountText.Parse(Field(row, columns.ToAmount)?.Trim(), '.');
        }

        var input = new TransactionInput(
            account,
            Text(row, columns.Description, columns),
            money,
            Text(row, columns.Category, columns),
            day,
            Text(row, columns.ExternalId, columns) is { Length: > 0 } given ? given : null,
            toAccount,
            toAmount);
        return rows.Build(line, kind, input, errors);
    }

    /// <summary>The row's signed amount by the mapping's kind of amount columns; null (and an error) when it cannot be read.</summary>
    private static decimal? Amount(AmountCells written, CsvColumns columns, CsvFormat format, Action<string, string> fail, out string? currency)
    {
        currency = null;
        const string AmountField = "amount";
        var unreadable = $"The amount must be a number with '{format.DecimalSeparator}' before the cents and '{format.GroupSeparator}', a space or ' only between groups of three digits.";
        StatementAmount? Read(string? text)
        {
            try
            {
                return string.IsNullOrWhiteSpace(text) ? null : AmountText.ParseStatement(text, format.DecimalSeparator);
            }
            catch (InvalidAmountException exception)
            {
                fail(AmountField, exception.Message);
                return null;
            }
        }

        if (columns.Debit >= 0)
        {
            var (debitText, creditText) = (written.Debit, written.Credit);
            var (debit, credit) = (Read(debitText), Read(creditText));
            if ((debit is null && !string.IsNullOrWhiteSpace(debitText)) || (credit is null && !string.IsNullOrWhiteSpace(creditText)))
            {
                fail(AmountField, unreadable);
                return null;
            }

            if (debit is null && credit is null)
            {
                fail(AmountField, "The row has no amount in debitColumn or creditColumn.");
                return null;
            }

            if (debit is { Amount: not 0m } && credit is { Amount: not 0m })
            {
                fail(AmountField, "The row has money both out (debitColumn) and in (creditColumn); one must be empty or zero.");
                return null;
            }

            currency = debit?.Currency ?? credit?.Currency;
            return debit is { Amount: not 0m } ? -Math.Abs(debit.Value.Amount) : Math.Abs(credit?.Amount ?? 0m);
        }

        var amountText = written.Amount;
        var amount = Read(amountText);
        if (amount is null)
        {
            fail(AmountField, string.IsNullOrWhiteSpace(amountText) ? "The row has no amount." : unreadable);
            return null;
        }

        currency = amount.Value.Currency;
        if (columns.Direction < 0)
        {
            return amount.Value.Amount;
        }

        var direction = written.Direction?.Trim();
        if (format.OutValues.Contains(direction ?? string.Empty))
        {
            return -Math.Abs(amount.Value.Amount);
        }

        if (format.InValues.Contains(direction ?? string.Empty))
        {
            return Math.Abs(amount.Value.Amount);
        }

        fail("direction", $"The direction must be one of outValues ({string.Join(", ", format.OutValues)}) or inValues ({string.Join(", ", format.InValues)}).");
        return null;
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

    private static Dictionary<string, string[]> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };

    /// <summary>The cells that hold a row's amount, as written (null: the row has no such column or field).</summary>
    private readonly record struct AmountCells(string? Amount, string? Debit, string? Credit, string? Direction)
    {
        public bool Empty => string.IsNullOrWhiteSpace(Amount) && string.IsNullOrWhiteSpace(Debit) && string.IsNullOrWhiteSpace(Credit);
    }
}

/// <summary>How the cells of a CSV file are written (the mapping's formats, with their defaults).</summary>
internal sealed record CsvFormat(
    string DateFormat,
    char DecimalSeparator,
    char GroupSeparator,
    char Delimiter,
    bool HasHeader,
    int SkipLines,
    HashSet<string> OutValues,
    HashSet<string> InValues,
    HashSet<string> SkipStatuses)
{
    public static CsvFormat Of(ImportMapping mapping)
    {
        var decimalSeparator = mapping.DecimalSeparator is [var separator] ? separator : '.';
        static HashSet<string> Set(string? list) => new(ImportMapping.Values(list), StringComparer.OrdinalIgnoreCase);
        return new CsvFormat(
            mapping.DateFormat ?? ImportMapping.DefaultDateFormat,
            decimalSeparator,
            decimalSeparator == '.' ? ',' : '.',
            mapping.Delimiter is [var delimiter] ? delimiter : ',',
            mapping.Header ?? true,
            mapping.SkipLines ?? 0,
            Set(mapping.OutValues),
            Set(mapping.InValues),
            Set(mapping.SkipStatuses));
    }
}

/// <summary>Where the mapped columns are (-1: an optional one the file lacks), and how many the header has.</summary>
internal sealed record CsvColumns(int Count, int Date, int Description, int Category, int ExternalId, bool IsExport)
{
    public int Amount { get; init; } = -1;

    public int Debit { get; init; } = -1;

    public int Credit { get; init; } = -1;

    public int Direction { get; init; } = -1;

    public int Status { get; init; } = -1;

    /// <summary>Columns of Cashman's own export (-1 when the file has none).</summary>
    public int Type { get; init; } = -1;

    public int Currency { get; init; } = -1;

    public int Account { get; init; } = -1;

    public int AccountKind { get; init; } = -1;

    public int ToAccount { get; init; } = -1;

    public int ToAccountKind { get; init; } = -1;

    public int ToAmount { get; init; } = -1;

    public int ToCurrency { get; init; } = -1;

    /// <summary>The mapped columns that must be in the file, by parameter: the defaults are Cashman's export's names.</summary>
    private static IEnumerable<(string Parameter, string Name)> Required(ImportMapping mapping)
    {
        yield return ("dateColumn", mapping.DateColumn ?? "occurredOn");
        yield return ("descriptionColumn", mapping.DescriptionColumn ?? "description");
        if (mapping.DebitColumn is not null)
        {
            yield return ("debitColumn", mapping.DebitColumn);
            yield return ("creditColumn", mapping.CreditColumn!);
        }
        else
        {
            yield return ("amountColumn", mapping.AmountColumn ?? "amount");
        }

        foreach (var (parameter, name) in new[]
        {
            ("directionColumn", mapping.DirectionColumn),
            ("categoryColumn", mapping.CategoryColumn),
            ("externalIdColumn", mapping.ExternalIdColumn),
            ("statusColumn", mapping.StatusColumn),
        })
        {
            if (name is not null)
            {
                yield return (parameter, name);
            }
        }
    }

    /// <summary>Whether a line holds every mapped column name: the header, not a summary line above it.</summary>
    public static bool Holds(string[] cells, ImportMapping mapping)
    {
        var names = Names(cells);
        return Required(mapping).All(r => names.Contains(r.Name.Trim(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The columns of a header line.</summary>
    /// <exception cref="DomainValidationException">A mapped name is missing, or two columns have it.</exception>
    public static CsvColumns Named(string[] header, ImportMapping mapping)
    {
        var names = Names(header);
        var isExport = names.Length >= ExportService.FirstHeaderLength
            && ExportService.Header.Take(ExportService.FirstHeaderLength).Select((name, i) => string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)).All(same => same);
        var found = Required(mapping).ToDictionary(r => r.Parameter, r => Index(names, r.Name, r.Parameter, required: true), StringComparer.Ordinal);
        int Optional(string name) => isExport ? Index(names, name, name, required: false) : -1;
        if (mapping.CategoryColumn is null)
        {
            found["categoryColumn"] = Index(names, "category", "categoryColumn", required: false);
        }

        if (mapping.ExternalIdColumn is null)
        {
            found["externalIdColumn"] = Index(names, "externalId", "externalIdColumn", required: false);
        }

        return Mapped(names.Length, found, isExport) with
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

    /// <summary>The columns of a file without a header: each mapped by its number, from 1; there are no default names.</summary>
    /// <exception cref="DomainValidationException">A column is not named by a number within the first row.</exception>
    public static CsvColumns Numbered(ImportMapping mapping, int count)
    {
        // Required names the defaults (occurredOn, ...) when a column is not given: not a number, so a 400 naming it.
        var found = Required(mapping).ToDictionary(
            r => r.Parameter,
            r => int.TryParse(r.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= count
                ? number - 1
                : throw DomainValidationException.For(r.Parameter, $"With header=false, columns are numbered from 1 to {count} (the first row's fields): {r.Parameter}=1 names the first."),
            StringComparer.Ordinal);
        return Mapped(count, found, isExport: false);
    }

    /// <summary>The columns found for each parameter (-1 for those not mapped).</summary>
    private static CsvColumns Mapped(int count, Dictionary<string, int> found, bool isExport)
    {
        int At(string parameter) => found.GetValueOrDefault(parameter, -1);
        return new CsvColumns(count, At("dateColumn"), At("descriptionColumn"), At("categoryColumn"), At("externalIdColumn"), isExport)
        {
            Amount = At("amountColumn"),
            Debit = At("debitColumn"),
            Credit = At("creditColumn"),
            Direction = At("directionColumn"),
            Status = At("statusColumn"),
        };
    }

    private static string[] Names(string[] cells) => [.. cells.Select(c => c.Trim().TrimStart('\uFEFF').Trim())];

    /// <summary>The one column with this name, in any case; a name two columns have is a 400 naming the parameter.</summary>
    private static int Index(string[] names, string given, string parameter, bool required)
    {
        var name = given.Trim();
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
