using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Cashman.Domain.Money;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using nietras.SeparatedValues;

namespace Cashman.Api.Sync;

/// <summary>
/// Writes every matching transaction of the caller as CSV or as a JSON array, streamed from the database row by row,
/// so that memory stays flat however many there are. Oldest first, in a stable order.
/// </summary>
public sealed class ExportService(StreamingReads streaming, CurrentUser currentUser, IMapper mapper, IOptions<JsonOptions> jsonOptions)
{
    /// <summary>
    /// The CSV header; its names are also the import's default columns. The first nine are those of exports made before
    /// accounts; the rest carry the accounts by id and by name and kind, so that importing the file into another user
    /// recreates them.
    /// </summary>
    public static readonly string[] Header =
    [
        "id", "type", "occurredOn", "description", "amount", "category", "externalId", "createdAt", "updatedAt",
        "accountId", "currency", "toAccountId", "toAmount", "toCurrency", "account", "accountKind", "toAccount", "toAccountKind",
    ];

    /// <summary>The columns every export has had; a file that starts with them is Cashman's own.</summary>
    public const int FirstHeaderLength = 9;

    /// <summary>Rows written to the CSV buffer before it goes to the client.</summary>
    private const int RowsPerChunk = 2048;

    public async Task WriteAsync(HttpResponse response, ExportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(query);
        var csv = query.Format is null or ExportQuery.Csv;
        response.ContentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"cashman-transactions.{(csv ? "csv" : "json")}\"";

        // A context that streams: the rows go out as they are read, never held as a whole.
        await using var db = streaming.Open();
        var rows = Rows(db, query).AsAsyncEnumerable();
        if (csv)
        {
            var owner = currentUser.Id;
            var accounts = await db.Accounts.AsNoTracking().Where(a => a.UserId == owner)
                .ToDictionaryAsync(a => a.Id, a => (a.Name, Kind: MoneyRules.KindName(a.Kind)), cancellationToken);
            await WriteCsvAsync(response, rows, accounts, cancellationToken);
        }
        else
        {
            await JsonSerializer.SerializeAsync(response.Body, rows, jsonOptions.Value.JsonSerializerOptions, cancellationToken);
        }
    }

    private IQueryable<TransactionResponse> Rows(CashmanDbContext db, ExportQuery query)
    {
        return TransactionFilter.Apply(TransactionFilter.Owned(db, currentUser.Id, TransactionKindNames.Parse(query.Type)), query, db, currentUser.Id)
            .OrderBy(t => t.OccurredOn).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .AsNoTracking()
            .ProjectTo<TransactionResponse>(mapper.ConfigurationProvider);
    }

    private static async Task WriteCsvAsync(
        HttpResponse response, IAsyncEnumerable<TransactionResponse> rows, Dictionary<Guid, (string Name, string Kind)> accounts, CancellationToken cancellationToken)
    {
        var buffer = new StringBuilder(256 * RowsPerChunk);
        await using var text = new StringWriter(buffer, CultureInfo.InvariantCulture);
        await using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text);
        writer.Header.Add(Header);
        var pending = 0;
        var any = false;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            Write(writer, row, accounts);
            any = true;
            if (++pending == RowsPerChunk)
            {
                await FlushAsync(response, writer, buffer, cancellationToken);
                pending = 0;
            }
        }

        if (!any)
        {
            // An export with no rows is still a file with its header.
            writer.Header.Write();
        }

        await FlushAsync(response, writer, buffer, cancellationToken);
    }

    private static void Write(SepWriter writer, TransactionResponse t, Dictionary<Guid, (string Name, string Kind)> accounts)
    {
        // By position and formatted in place (no string per value): a million rows write ten million values.
        using var row = writer.NewRow();
        row[0].Format(t.Id);
        row[1].Set(t.Type);
        row[2].Format(t.OccurredOn, "yyyy-MM-dd");
        // Text a spreadsheet would run as a formula is written behind a quote (OWASP CSV injection); the import removes it.
        row[3].Set(CsvCells.Protect(t.Description));
        // Stored with exactly the currency's decimals: written as they are (-5.00 EUR, -500 JPY, -5.000 BHD).
        row[4].Format(t.Amount);
        row[5].Set(CsvCells.Protect(t.Category));
        row[6].Set(CsvCells.Protect(t.ExternalId));
        row[7].Format(t.CreatedAt.UtcDateTime, UtcDateTimeOffsetConverter.WireFormat);
        row[8].Format(t.UpdatedAt.UtcDateTime, UtcDateTimeOffsetConverter.WireFormat);
        row[9].Format(t.AccountId);
        row[10].Set(t.Currency);
        row[11].Set(t.ToAccountId?.ToString());
        row[12].Set(t.ToAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        row[13].Set(t.ToCurrency);
        // An account made after the names were read (the export streams while others write) has no name here.
        var (name, kind) = accounts.GetValueOrDefault(t.AccountId, (string.Empty, string.Empty));
        row[14].Set(CsvCells.Protect(name));
        row[15].Set(kind);
        if (t.ToAccountId is { } to)
        {
            var (toName, toKind) = accounts.GetValueOrDefault(to, (string.Empty, string.Empty));
            row[16].Set(CsvCells.Protect(toName));
            row[17].Set(toKind);
        }
        else
        {
            row[16].Set(string.Empty);
            row[17].Set(string.Empty);
        }
    }

    private static async Task FlushAsync(HttpResponse response, SepWriter writer, StringBuilder buffer, CancellationToken cancellationToken)
    {
        writer.Flush();
        foreach (var chunk in buffer.GetChunks())
        {
            Encoding.UTF8.GetBytes(chunk.Span, response.BodyWriter);
        }

        buffer.Clear();
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
