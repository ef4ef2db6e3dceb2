using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;
using Cashman.Api.Accounts;
using Cashman.Domain.Common;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Imports;

/// <summary>
/// Reads ISO 20022 bank-to-customer statements (<c>camt.053</c>, every version of its namespace) with the framework's XML
/// reader, entry by entry as the body arrives. Each <c>Ntry</c> is a row: <c>BookgDt</c> its day, <c>Amt</c> with
/// <c>CdtDbtInd</c> its amount and sign, <c>AcctSvcrRef</c> (else <c>NtryRef</c>, else the first <c>EndToEndId</c>) its
/// external id, the counterparty and the remittance text its description; <c>Sts</c> <c>PDNG</c> or <c>INFO</c> is pending.
/// Each <c>Stmt</c>'s <c>Acct</c> says its IBAN (or other id) and currency.
/// </summary>
/// <remarks>The message definition: ISO 20022 camt.053.001 (BankToCustomerStatementV02 to V13), and the EPC's and the
/// German Kreditwirtschaft's implementation guides for it (DFÜ-Abkommen Anlage 3).</remarks>
public static class Camt053StatementReader
{
    public const string NamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.053.";

    private const string NotProvided = "NOTPROVIDED";

    public static async IAsyncEnumerable<Transaction> ReadAsync(
        Stream body, StatementAccounts accounts, ImportRows rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(rows);
        var settings = StatementXml.Settings.Clone();
        settings.Async = true;
        using var reader = XmlReader.Create(body, settings);
        await reader.MoveToContentAsync();
        if (reader.LocalName != "Document" || !reader.NamespaceURI.StartsWith(NamespacePrefix, StringComparison.Ordinal))
        {
            throw DomainValidationException.For("body", $"The XML is not an ISO 20022 camt.053 statement (a Document in the namespace {NamespacePrefix}…).");
        }

        var entries = new StatementEntries(rows);
        AccountEntry? account = null;
        var statements = 0;
        while (!reader.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                await reader.ReadAsync();
                continue;
            }

            switch (reader.LocalName)
            {
                case "Stmt":
                    account = null;
                    statements++;
                    await reader.ReadAsync();
                    break;
                case "Acct" when account is null:
                    var acct = (XElement)await XNode.ReadFromAsync(reader, cancellationToken);
                    var id = acct.Child("Id");
                    account = accounts.For(id?.Child("IBAN")?.Value ?? id?.Child("Othr")?.Child("Id")?.Value, acct.Child("Ccy")?.Value.Trim());
                    break;
                case "Ntry" when account is not null:
                    var line = ((IXmlLineInfo)reader).LineNumber;
                    var row = entries.Read(Entry(line, (XElement)await XNode.ReadFromAsync(reader, cancellationToken)), account, "yyyy-MM-dd");
                    if (row is not null)
                    {
                        yield return row;
                    }

                    break;
                case "Ntry":
                    throw DomainValidationException.For("body", "A statement's entries come after its account (Stmt/Acct).");
                default:
                    await reader.ReadAsync();
                    break;
            }
        }

        if (statements == 0)
        {
            throw DomainValidationException.For("body", "The document has no statement (BkToCstmrStmt/Stmt).");
        }

        rows.Finish();
    }

    private static StatementEntry Entry(int line, XElement entry)
    {
        var amount = entry.Child("Amt");
        var credit = entry.Child("CdtDbtInd")?.Value.Trim();
        var status = entry.Child("Sts") is { } sts ? (sts.Child("Cd") ?? sts).Value.Trim() : null;
        var booked = entry.Child("BookgDt") ?? entry.Child("ValDt");
        var day = (booked?.Child("Dt") ?? booked?.Child("DtTm"))?.Value.Trim();
        var details = entry.Child("NtryDtls")?.Child("TxDtls");
        var endToEnd = details?.Child("Refs")?.Child("EndToEndId")?.Value.Trim();
        var id = Text(entry.Child("AcctSvcrRef")) ?? Text(entry.Child("NtryRef")) ?? (endToEnd is NotProvided ? null : endToEnd);

        // Money in names who paid (the debtor); money out whom it was paid to (the creditor). V08 and later wrap the name in Pty.
        var party = details?.Child("RltdPties")?.Child(credit == "CRDT" ? "Dbtr" : "Cdtr");
        var name = Text(party?.Child("Nm") ?? party?.Child("Pty")?.Child("Nm"));
        var remittance = details?.Child("RmtInf")?.Elements().Where(e => e.Name.LocalName == "Ustrd").Select(e => e.Value.Trim()).ToList() is { Count: > 0 } lines
            ? string.Join(' ', lines)
            : null;
        var description = name is not null && remittance is not null ? $"{name} – {remittance}"
            : name ?? remittance ?? Text(entry.Child("AddtlNtryInf"));
        var signed = amount?.Value.Trim() is { Length: > 0 } text && credit == "DBIT" ? "-" + text : amount?.Value.Trim();
        if (credit is not ("CRDT" or "DBIT"))
        {
            signed = null;
        }

        return new StatementEntry(line, day, signed, amount?.Attribute("Ccy")?.Value.Trim(), id, description, Pending: status is "PDNG" or "INFO");
    }

    private static string? Text(XElement? element) => element?.Value.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>The first child of this local name, whatever the version's namespace.</summary>
    private static XElement? Child(this XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}
