using System.Xml;
using Cashman.Api.Accounts;
using Cashman.Api.Sync;
using Cashman.Api.Transactions;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Imports;

/// <summary>
/// Reads a statement (a bank's CSV file or Cashman's export, OFX, or CAMT.053) into new transactions and stores them,
/// while the rest of the file is still read, through the batch rules (<see cref="BulkTransactionService.StoreStreamAsync"/>):
/// all or nothing, duplicates and deleted ones reported per row, skipped rows with their reason.
/// </summary>
/// <remarks>The body is decoded and parsed as it streams in; only an OFX 1.x file (SGML, not XML) is read whole first.</remarks>
public sealed class ImportService(
    BulkTransactionService bulk, NewTransactions newTransactions, CallerAccounts callerAccounts, ImportProfileService profiles, CsvStatementReader csv)
{
    /// <summary>Maximum body of an import: 10 MiB.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    public async Task<ImportResponse> ImportAsync(Stream body, StatementBody kind, ImportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(query);
        var mapping = query.Profile is null ? query : (await profiles.MappingAsync(query.Profile, cancellationToken)).OverriddenBy(query);
        if (mapping.Problems().FirstOrDefault() is { } problem)
        {
            throw DomainValidationException.For(JsonName(problem.MemberNames.First()), problem.ErrorMessage!);
        }

        // Every account, by name and number too: an export names the account of each row (those missing are created),
        // and an OFX or CAMT.053 statement its account's number.
        var book = await callerAccounts.BookAsync([query.AccountId], cancellationToken, all: true);
        var rows = new ImportRows(newTransactions, book, query.DryRun);
        try
        {
            IAsyncEnumerable<Transaction> read;
            if (kind.Format == StatementFormat.Csv)
            {
                var account = book.Resolve(query.AccountId, "accountId");
                var text = await StatementBody.TextAsync(body, kind.Encoding, cancellationToken);
                read = Disposing(text, csv.ReadAsync(text, mapping, rows, account.Id, cancellationToken));
            }
            else
            {
                var statements = new StatementAccounts(book, query.AccountId);
                read = kind.Format == StatementFormat.Ofx
                    ? OfxStatementReader.ReadAsync(body, kind.Encoding, statements, rows, cancellationToken)
                    : Camt053StatementReader.ReadAsync(body, statements, rows, cancellationToken);
            }

            var outcome = await bulk.StoreStreamAsync(read, book, query.ReimportDeleted, query.DryRun, cancellationToken);
            return rows.Answer(outcome);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw DomainValidationException.For("body", kind.Encoding is null
                ? "The file is not valid UTF-8; declare its charset in Content-Type (for example text/csv; charset=iso-8859-1)."
                : $"The file has bytes that are not valid in the charset it declares ({kind.Encoding.WebName}).");
        }
        catch (XmlException)
        {
            throw DomainValidationException.For("body", kind.Format == StatementFormat.Ofx
                ? "The file is not a well-formed OFX statement."
                : "The file is not well-formed XML.");
        }
    }

    /// <summary>A parameter's name as a client sends it (<c>debitColumn</c>).</summary>
    private static string JsonName(string member) => char.ToLowerInvariant(member[0]) + member[1..];

    private static async IAsyncEnumerable<Transaction> Disposing(TextReader text, IAsyncEnumerable<Transaction> rows)
    {
        using (text)
        {
            await foreach (var row in rows)
            {
                yield return row;
            }
        }
    }
}
