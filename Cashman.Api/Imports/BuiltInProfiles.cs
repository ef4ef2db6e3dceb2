namespace Cashman.Api.Imports;

/// <summary>A profile that ships with Cashman: a bank's publicly documented export layout, and where it is documented.</summary>
/// <param name="Name">What <c>?profile=</c> names.</param>
/// <param name="Bank">The bank.</param>
/// <param name="Country">ISO 3166 country of the bank's layout.</param>
/// <param name="Charset">The charset the bank writes, to declare in <c>Content-Type</c>.</param>
/// <param name="Source">Where the layout is documented.</param>
/// <param name="Mapping">How to read it.</param>
public sealed record BuiltInProfile(string Name, string Bank, string Country, string Charset, string Source, ImportMapping Mapping);

/// <summary>
/// The built-in profiles: export layouts of banks in nine countries, each read from its public description and each with
/// a sample file written in exactly that layout under <c>Cashman.Tests/Data/Banks</c>, imported by a test.
/// </summary>
public static class BuiltInProfiles
{
    private const string German = "dd.MM.yyyy";

    public static IReadOnlyList<BuiltInProfile> All { get; } =
    [
        new("boursobank", "BoursoBank", "FR", "utf-8",
            "BoursoBank, Espace client > Mes comptes > Exporter les opérations (CSV); the export's columns dateOp;dateVal;label;category;categoryParent;supplierFound;amount;comment;accountNum;accountLabel;accountbalance",
            new ImportMapping { DateColumn = "dateOp", DescriptionColumn = "label", AmountColumn = "amount", CategoryColumn = "category", DecimalSeparator = ",", Delimiter = ";" }),
        new("capital-one", "Capital One", "US", "utf-8",
            "Capital One, Download Transactions (CSV) for credit cards: Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit",
            new ImportMapping { DateColumn = "Transaction Date", DescriptionColumn = "Description", DebitColumn = "Debit", CreditColumn = "Credit" }),
        new("chase", "Chase", "US", "utf-8",
            "Chase, Download account activity (CSV) for checking accounts: Details,Posting Date,Description,Amount,Type,Balance,Check or Slip # (every row ends with a comma)",
            new ImportMapping { DateColumn = "Posting Date", DescriptionColumn = "Description", AmountColumn = "Amount", DateFormat = "MM/dd/yyyy" }),
        new("commbank", "Commonwealth Bank", "AU", "utf-8",
            "CommBank NetBank, Export transactions (CSV): no header; date, signed amount, description, balance",
            new ImportMapping { Header = false, DateColumn = "1", AmountColumn = "2", DescriptionColumn = "3", DateFormat = "dd/MM/yyyy" }),
        new("commerzbank", "Commerzbank", "DE", "utf-8",
            "Commerzbank Online Banking, Umsätze > Export (CSV): Buchungstag;Wertstellung;Umsatzart;Buchungstext;Betrag;Währung;Auftraggeberkonto;Bankleitzahl Auftraggeberkonto;IBAN Auftraggeberkonto;Kategorie",
            new ImportMapping { DateColumn = "Buchungstag", DescriptionColumn = "Buchungstext", AmountColumn = "Betrag", DateFormat = German, DecimalSeparator = ",", Delimiter = ";" }),
        new("dkb", "DKB", "DE", "utf-8",
            "DKB Banking, Umsätze > CSV-Export (since 2023): four lines of account and balance, then Buchungsdatum;Wertstellung;Status;Zahlungspflichtige*r;Zahlungsempfänger*in;Verwendungszweck;Umsatztyp;IBAN;Betrag (€);Gläubiger-ID;Mandatsreferenz;Kundenreferenz",
            new ImportMapping
            {
                DateColumn = "Buchungsdatum", DescriptionColumn = "Verwendungszweck", AmountColumn = "Betrag (€)", StatusColumn = "Status", SkipStatuses = "Vorgemerkt",
                DateFormat = "dd.MM.yy", DecimalSeparator = ",", Delimiter = ";",
            }),
        new("ing-de", "ING Deutschland", "DE", "iso-8859-1",
            "ING Deutschland Banking, Umsatzanzeige > Export CSV: 13 lines of account details, then Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung, in ISO-8859-1",
            new ImportMapping { DateColumn = "Buchung", DescriptionColumn = "Auftraggeber/Empfänger", AmountColumn = "Betrag", DateFormat = German, DecimalSeparator = ",", Delimiter = ";" }),
        new("ing-nl", "ING Nederland", "NL", "utf-8",
            "ING Mijn ING, Af- en bijschrijvingen downloaden (CSV, puntkomma): Datum;Naam / Omschrijving;Rekening;Tegenrekening;Code;Af Bij;Bedrag (EUR);Mutatiesoort;Mededelingen;Saldo na mutatie;Tag, the amount unsigned",
            new ImportMapping
            {
                DateColumn = "Datum", DescriptionColumn = "Naam / Omschrijving", AmountColumn = "Bedrag (EUR)", DirectionColumn = "Af Bij", OutValues = "Af", InValues = "Bij",
                DateFormat = "yyyyMMdd", DecimalSeparator = ",", Delimiter = ";",
            }),
        new("knab", "Knab", "NL", "utf-8",
            "Knab Online Bankieren, Transacties exporteren (CSV): a line KNAB EXPORT, then Rekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;Incassant ID;Adres;Referentie;Boekdatum",
            new ImportMapping
            {
                DateColumn = "Transactiedatum", DescriptionColumn = "Tegenrekeninghouder", AmountColumn = "Bedrag", DirectionColumn = "CreditDebet", OutValues = "D", InValues = "C",
                ExternalIdColumn = "Referentie", DateFormat = "dd-MM-yyyy", DecimalSeparator = ",", Delimiter = ";",
            }),
        new("asn", "ASN Bank", "NL", "utf-8",
            "ASN Bank, Transacties downloaden (CSV): no header, 19 fields: boekingsdatum, opdrachtgeversrekening, tegenrekeningnummer, naam tegenrekening, adres, postcode, plaats, valutasoort rekening, saldo voor mutatie, valutasoort mutatie, transactiebedrag, journaaldatum, valutadatum, interne transactiecode, globale transactiecode, volgnummer, betalingskenmerk, omschrijving, afschriftnummer",
            new ImportMapping { Header = false, DateColumn = "1", AmountColumn = "11", DescriptionColumn = "18", DateFormat = "dd-MM-yyyy" }),
        new("lloyds", "Lloyds Bank", "GB", "utf-8",
            "Lloyds Internet Banking, Export statement (CSV): Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance",
            new ImportMapping { DateColumn = "Transaction Date", DescriptionColumn = "Transaction Description", DebitColumn = "Debit Amount", CreditColumn = "Credit Amount", DateFormat = "dd/MM/yyyy" }),
        new("monzo", "Monzo", "GB", "utf-8",
            "Monzo app, Export transactions (CSV): Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In",
            new ImportMapping
            {
                DateColumn = "Date", DescriptionColumn = "Name", AmountColumn = "Amount", CategoryColumn = "Category", ExternalIdColumn = "Transaction ID", DateFormat = "dd/MM/yyyy",
            }),
        new("n26", "N26", "DE", "utf-8",
            "N26 app, Downloads > CSV (since 2024): Booking Date,Value Date,Partner Name,Partner Iban,Type,Payment Reference,Account Name,Amount (EUR),Original Amount,Original Currency,Exchange Rate",
            new ImportMapping { DateColumn = "Booking Date", DescriptionColumn = "Partner Name", AmountColumn = "Amount (EUR)" }),
        new("rabobank", "Rabobank", "NL", "iso-8859-1",
            "Rabobank Online Bankieren, Transacties downloaden (CSV): IBAN/BBAN,Munt,BIC,Volgnr,Datum,Rentedatum,Bedrag,Saldo na trn,Tegenrekening IBAN/BBAN,Naam tegenpartij,... Omschrijving-1,Omschrijving-2,Omschrijving-3,..., amounts with a sign (+12,50), in ISO-8859-1",
            new ImportMapping { DateColumn = "Datum", DescriptionColumn = "Naam tegenpartij", AmountColumn = "Bedrag", DecimalSeparator = "," }),
        new("revolut", "Revolut", "LT", "utf-8",
            "Revolut app, Statement > Excel/CSV: Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance",
            new ImportMapping
            {
                DateColumn = "Started Date", DescriptionColumn = "Description", AmountColumn = "Amount", StatusColumn = "State", SkipStatuses = "PENDING,REVERTED,DECLINED,FAILED",
                DateFormat = "yyyy-MM-dd HH:mm:ss",
            }),
        new("schwab", "Charles Schwab Bank", "US", "utf-8",
            "Schwab Bank, History > Export (CSV): Date,Status,Type,CheckNumber,Description,Withdrawal,Deposit,RunningBalance, amounts with $",
            new ImportMapping
            {
                DateColumn = "Date", DescriptionColumn = "Description", DebitColumn = "Withdrawal", CreditColumn = "Deposit", StatusColumn = "Status", SkipStatuses = "Pending",
                DateFormat = "MM/dd/yyyy",
            }),
        new("sparkasse", "Sparkasse", "DE", "iso-8859-15",
            "Sparkasse Online-Banking, Umsätze > Export CSV-CAMT V2: Auftragskonto;Buchungstag;Valutadatum;Buchungstext;Verwendungszweck;...;Beguenstigter/Zahlungspflichtiger;Kontonummer/IBAN;BIC (SWIFT-Code);Betrag;Waehrung;Info, pending rows marked Umsatz vorgemerkt",
            new ImportMapping
            {
                DateColumn = "Buchungstag", DescriptionColumn = "Beguenstigter/Zahlungspflichtiger", AmountColumn = "Betrag", StatusColumn = "Info", SkipStatuses = "Umsatz vorgemerkt",
                DateFormat = "dd.MM.yy", DecimalSeparator = ",", Delimiter = ";",
            }),
        new("starling", "Starling Bank", "GB", "utf-8",
            "Starling app, Statements > Export (CSV): Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP),Spending Category,Notes; the first row is the Opening Balance, dated, without an amount",
            new ImportMapping
            {
                DateColumn = "Date", DescriptionColumn = "Counter Party", AmountColumn = "Amount (GBP)", StatusColumn = "Counter Party", SkipStatuses = "Opening Balance",
                DateFormat = "dd/MM/yyyy",
            }),
        new("swedbank", "Swedbank", "SE", "iso-8859-1",
            "Swedbank Internetbanken, Exportera transaktioner (CSV): a line * Transaktionsrapport, then Radnummer,Clearingnummer,Kontonummer,Produkt,Valuta,Bokföringsdag,Transaktionsdag,Valutadag,Referens,Beskrivning,Belopp,Bokfört saldo, in ISO-8859-1",
            new ImportMapping { DateColumn = "Bokföringsdag", DescriptionColumn = "Beskrivning", AmountColumn = "Belopp" }),
        new("ubs", "UBS", "CH", "utf-8",
            "UBS e-banking, Transactions > Export (CSV): account lines, then Trade date;Trade time;Booking date;Value date;Currency;Debit;Credit;Individual amount;Balance;Transaction no.;Description1;Description2;Description3;Footnotes; with 9'413.94 grouping",
            new ImportMapping
            {
                DateColumn = "Booking date", DescriptionColumn = "Description1", DebitColumn = "Debit", CreditColumn = "Credit", ExternalIdColumn = "Transaction no.", Delimiter = ";",
            }),
        new("wells-fargo", "Wells Fargo", "US", "utf-8",
            "Wells Fargo Online, Download Account Activity (comma delimited): no header; date, signed amount, *, check number, description",
            new ImportMapping { Header = false, DateColumn = "1", AmountColumn = "2", DescriptionColumn = "5", DateFormat = "MM/dd/yyyy" }),
    ];

    public static BuiltInProfile? Named(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
