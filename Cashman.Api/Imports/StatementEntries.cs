using System.Globalization;
using Cashman.Api.Transactions;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Imports;

/// <summary>One booking of an OFX or CAMT.053 statement, as read from its element.</summary>
internal sealed record StatementEntry(int Line, string? Day, string? Amount, string? Currency, string? Id, string? Description, bool Pending);

/// <summary>
/// Turns the entries of OFX and CAMT.053 statements into rows: the statement's transaction id becomes the external id
/// (an id twice in one file is an error of the second row), a pending or zero entry is skipped, and a description longer
/// than a transaction's is cut to fit.
/// </summary>
internal sealed class StatementEntries(ImportRows rows)
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public Transaction? Read(StatementEntry entry, Cashman.Api.Accounts.AccountEntry account, string dayFormat)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(account);
        if (entry.Pending)
        {
            rows.Skip(entry.Line, ImportRows.Pending);
            return null;
        }

        Dictionary<string, string[]>? errors = null;
        void Fail(string field, string message) => (errors ??= new(StringComparer.Ordinal))[field] = [message];

        decimal? amount = null;
        try
        {
            amount = AmountText.Parse(entry.Amount?.Trim(), '.');
        }
        catch (Http.InvalidAmountException exception)
        {
            Fail("amount", exception.Message);
        }

        if (amount is null && errors is null)
        {
            Fail("amount", "The amount must be a number with '.' before the cents.");
        }
        else if (amount == 0m)
        {
            rows.Skip(entry.Line, ImportRows.Zero);
            return null;
        }

        DateOnly? day = entry.Day is { } text && text.Length >= dayFormat.Length && DateOnly.TryParseExact(text[..dayFormat.Length], dayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : null;
        if (day is null)
        {
            Fail("occurredOn", "The entry has no valid booking date.");
        }

        if (entry.Currency is not null && entry.Currency != account.Currency)
        {
            Fail("currency", $"The entry is in {entry.Currency}, but the account it goes to is in {account.Currency}.");
        }

        var id = string.IsNullOrWhiteSpace(entry.Id) ? null : entry.Id.Trim();
        if (id is not null && !_ids.TryAdd(id, entry.Line))
        {
            Fail("externalId", $"The statement has this transaction id twice (first at line {_ids[id]}).");
        }

        var description = string.IsNullOrWhiteSpace(entry.Description) ? "Bank entry" : Collapse(entry.Description);
        if (description.Length > TransactionRules.DescriptionMaxLength)
        {
            description = string.Concat(description.AsSpan(0, TransactionRules.DescriptionMaxLength - 1), "…");
        }

        var input = new TransactionInput(account.Id, description, amount, null, day, id);
        return rows.Build(entry.Line, amount > 0 ? TransactionKind.Income : TransactionKind.Expense, input, errors);
    }

    /// <summary>Runs of white space (the line breaks of a remittance text) as one space.</summary>
    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
