using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoMapper;
using AutoMapper.QueryableExtensions;
using Cashman.Api.Authentication;
using Cashman.Api.Contracts;
using Cashman.Api.Http;
using Cashman.Domain.Transactions;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using nietras.SeparatedValues;

namespace Cashman.Api.Services;

/// <summary>
/// Writes every matching transaction of the caller as CSV or as a JSON array, streamed from the database row by row,
/// so that memory stays flat however many there are. Oldest first, in a stable order.
/// </summary>
public sealed class ExportService(CashmanDbContext db, CurrentUser currentUser, IMapper mapper, IOptions<JsonOptions> jsonOptions)
{
    /// <summary>The CSV header; its names are also the import's default columns.</summary>
    public static readonly string[] Header = ["id", "type", "occurredOn", "description", "amount", "category", "externalId", "createdAt", "updatedAt"];

    /// <summary>Rows written to the CSV buffer before it goes to the client.</summary>
    private const int RowsPerChunk = 2048;

    public async Task WriteAsync(HttpResponse response, ExportQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(query);
        var csv = query.Format is null or ExportQuery.Csv;
        response.ContentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"cashman-transactions.{(csv ? "csv" : "json")}\"";

        // Inside the execution strategy EF Core streams the rows instead of buffering them for a retry; once bytes went
        // out, a failure cannot be retried, and ends the response.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async c =>
            {
                if (response.HasStarted)
                {
                    throw new InvalidOperationException("The export failed after it began; the response is cut short.");
                }

                var rows = Rows(query).AsAsyncEnumerable();
                if (csv)
                {
                    await WriteCsvAsync(response, rows, c);
                }
                else
                {
                    await JsonSerializer.SerializeAsync(response.Body, rows, jsonOptions.Value.JsonSerializerOptions, c);
                }
            },
            cancellationToken);
    }

    private IQueryable<TransactionResponse> Rows(ExportQuery query)
    {
        var owner = currentUser.Id;
        IQueryable<Transaction> source = TransactionKindNames.Parse(query.Type) switch
        {
            TransactionKind.Income => db.Incomes,
            TransactionKind.Expense => db.Expenses,
            _ => db.Transactions,
        };
        return TransactionService.Filter(source.Where(t => t.UserId == owner), query)
            .OrderBy(t => t.OccurredOn).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .AsNoTracking()
            .ProjectTo<TransactionResponse>(mapper.ConfigurationProvider);
    }

    private static async Task WriteCsvAsync(HttpResponse response, IAsyncEnumerable<TransactionResponse> rows, CancellationToken cancellationToken)
    {
        var buffer = new StringBuilder(256 * RowsPerChunk);
        await using var text = new StringWriter(buffer, CultureInfo.InvariantCulture);
        await using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text);
        writer.Header.Add(Header);
        var pending = 0;
        var any = false;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            Write(writer, row);
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

    private static void Write(SepWriter writer, TransactionResponse t)
    {
        using var row = writer.NewRow();
        row["id"].Format(t.Id);
        row["type"].Set(t.Type);
        row["occurredOn"].Set(t.OccurredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        row["description"].Set(t.Description);
        row["amount"].Set(t.Amount.ToString("0.00", CultureInfo.InvariantCulture));
        row["category"].Set(t.Category);
        row["externalId"].Set(t.ExternalId);
        row["createdAt"].Set(UtcDateTimeOffsetConverter.Format(t.CreatedAt));
        row["updatedAt"].Set(UtcDateTimeOffsetConverter.Format(t.UpdatedAt));
    }

    private static async Task FlushAsync(HttpResponse response, SepWriter writer, StringBuilder buffer, CancellationToken cancellationToken)
    {
        writer.Flush();
        await response.WriteAsync(buffer.ToString(), cancellationToken);
        buffer.Clear();
    }
}
