using System.Text;
using Cashman.Api.Accounts;
using Cashman.Api.Imports;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>
/// A bank file imported in two steps: the dry run shows each row as it would be stored (with the mapping that read it),
/// and only the confirmation stores them. The file travels back with the preview, so nothing is kept on the server between.
/// </summary>
public sealed class ImportPagesController(ImportService imports, ImportProfileService profiles, MoneyAccounts accounts) : PageController
{
    /// <summary>A file's bytes, and as much again for the copy the preview carries back (base64 is 4/3 of it).</summary>
    private const long MaxFormBytes = (ImportService.MaxBytes * 2) + (64 * 1024);

    [HttpGet("import")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) => PageAsync(new ImportForm(), null, cancellationToken);

    /// <summary>Previews (a dry run) or, with <see cref="ImportForm.Store"/>, stores the file.</summary>
    [HttpPost("import")]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes, ValueLengthLimit = (int)MaxFormBytes)]
    public async Task<IActionResult> Import(ImportForm form, IFormFile? file, CancellationToken cancellationToken)
    {
        var bytes = await form.ReadAsync(file, cancellationToken);
        if (bytes is null)
        {
            ModelState.AddModelError("file", "Choose a bank file (CSV, OFX or CAMT.053) of at most 10 MiB.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await PageAsync(form, null, cancellationToken);
        }

        form = form with { Content = Convert.ToBase64String(bytes), FileName = file is { Length: > 0 } ? file.FileName : form.FileName };
        IReadOnlyList<ImportRowResult>? invalid = null;
        var result = await AttemptAsync(
            async () =>
            {
                var charset = form.Charset is { Length: > 0 } chosen ? chosen : await ProfileCharsetAsync(form.Profile, cancellationToken);
                var body = new StatementBody(form.StatementFormat, charset is null ? null : StatementBody.Strict(charset));
                try
                {
                    var answer = await imports.ImportAsync(new MemoryStream(bytes), body, form.ToQuery(dryRun: !form.Store), cancellationToken);
                    return form.Store
                        ? BackTo("/transactions", $"Imported {answer.Created} transactions ({answer.Duplicates} already there, {answer.Skipped} skipped).")
                        : await PageAsync(form, answer, cancellationToken);
                }
                catch (ImportRowsInvalidException rows)
                {
                    invalid = rows.Rows;
                    throw Cashman.Domain.Common.DomainValidationException.For("rows", "Some rows could not be read; nothing was stored. They are listed below by line.");
                }
            },
            () => PageAsync(form, invalid is null ? null : new ImportResponse(0, 0, 0, 0, invalid.Count(r => r.Status == ImportRowResult.Invalid), invalid), cancellationToken));
        return result;
    }

    private async Task<string?> ProfileCharsetAsync(string? profile, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(profile) ? null : (await profiles.GetAsync(profile, cancellationToken)).Charset;

    private async Task<IActionResult> PageAsync(ImportForm form, ImportResponse? preview, CancellationToken cancellationToken)
    {
        var (list, _) = await accounts.ListAsync(archived: false, cancellationToken);
        var known = await profiles.ListAsync(cancellationToken);
        return View("Index", new ImportModel(form, preview, list.Items, known.Items));
    }
}

public sealed record ImportModel(ImportForm Form, ImportResponse? Preview, IReadOnlyList<AccountResponse> Accounts, IReadOnlyList<ImportProfileResponse> Profiles)
{
    public static readonly IReadOnlyList<string> Charsets = ["utf-8", "utf-16", "iso-8859-1", "iso-8859-15", "windows-1252"];

    /// <summary>How many rows the confirmation would store.</summary>
    public int ToStore => Preview?.Rows.Count(r => r.Status == "created") ?? 0;
}

/// <summary>
/// The import form: the file, where it goes, and the mapping (any of the API's import parameters). A field left empty is
/// absent here, where the API's query calls an empty parameter a mistake.
/// </summary>
public sealed record ImportForm
{
    public string? DateColumn { get; init; }

    public string? DescriptionColumn { get; init; }

    public string? AmountColumn { get; init; }

    public string? DebitColumn { get; init; }

    public string? CreditColumn { get; init; }

    public string? DirectionColumn { get; init; }

    public string? OutValues { get; init; }

    public string? InValues { get; init; }

    public string? CategoryColumn { get; init; }

    public string? ExternalIdColumn { get; init; }

    public string? StatusColumn { get; init; }

    public string? SkipStatuses { get; init; }

    /// <summary><c>yes</c>, <c>no</c>, or empty for the default (a header).</summary>
    public string? Header { get; init; }

    public string? SkipLines { get; init; }

    public string? DateFormat { get; init; }

    public string? DecimalSeparator { get; init; }

    public string? Delimiter { get; init; }

    /// <summary>The previewed file, carried back by the confirmation.</summary>
    public string? Content { get; init; }

    public string? FileName { get; init; }

    /// <summary><c>csv</c>, <c>ofx</c> or <c>camt</c>; by the file's extension when empty.</summary>
    public string? Format { get; init; }

    public string? Charset { get; init; }

    public string? Profile { get; init; }

    public Guid? AccountId { get; init; }

    /// <summary>Store the rows (the confirmation) rather than preview them.</summary>
    public bool Store { get; init; }

    public StatementFormat StatementFormat =>
        (Format is { Length: > 0 } ? Format : Path.GetExtension(FileName ?? string.Empty).TrimStart('.').ToLowerInvariant()) switch
        {
            "ofx" or "qfx" => StatementFormat.Ofx,
            "camt" or "xml" => StatementFormat.Camt053,
            _ => StatementFormat.Csv,
        };

    /// <summary>The uploaded file, or the previewed one sent back; null when there is neither, or it is too large.</summary>
    public async Task<byte[]?> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is { Length: > 0 and <= ImportService.MaxBytes })
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }

        if (file is null or { Length: 0 } && Content is { Length: > 0 })
        {
            var buffer = new byte[Content.Length * 3 / 4];
            return Convert.TryFromBase64String(Content, buffer, out var written) && written <= ImportService.MaxBytes ? buffer[..written] : null;
        }

        return null;
    }

    public ImportQuery ToQuery(bool dryRun) => new()
    {
        DateColumn = Blank(DateColumn),
        DescriptionColumn = Blank(DescriptionColumn),
        AmountColumn = Blank(AmountColumn),
        DebitColumn = Blank(DebitColumn),
        CreditColumn = Blank(CreditColumn),
        DirectionColumn = Blank(DirectionColumn),
        OutValues = Blank(OutValues),
        InValues = Blank(InValues),
        CategoryColumn = Blank(CategoryColumn),
        ExternalIdColumn = Blank(ExternalIdColumn),
        StatusColumn = Blank(StatusColumn),
        SkipStatuses = Blank(SkipStatuses),
        Header = Header switch { "yes" => true, "no" => false, _ => null },
        SkipLines = string.IsNullOrWhiteSpace(SkipLines)
            ? null
            : int.TryParse(SkipLines, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var skip)
                ? skip
                : throw Cashman.Domain.Common.DomainValidationException.For("skipLines", "The skipLines must be a whole number."),
        DateFormat = Blank(DateFormat),
        DecimalSeparator = Blank(DecimalSeparator),
        Delimiter = Blank(Delimiter),
        Profile = Blank(Profile),
        AccountId = AccountId,
        DryRun = dryRun,
    };

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The mapping's fields that the form shows as text boxes, with their labels.</summary>
    public IEnumerable<(string Name, string Label, string? Value)> TextFields =>
    [
        (nameof(DateColumn), "Date column", DateColumn),
        (nameof(DescriptionColumn), "Description column", DescriptionColumn),
        (nameof(AmountColumn), "Amount column (signed)", AmountColumn),
        (nameof(DebitColumn), "Money-out column", DebitColumn),
        (nameof(CreditColumn), "Money-in column", CreditColumn),
        (nameof(DirectionColumn), "Direction column", DirectionColumn),
        (nameof(OutValues), "Direction values for money out", OutValues),
        (nameof(InValues), "Direction values for money in", InValues),
        (nameof(CategoryColumn), "Category column", CategoryColumn),
        (nameof(ExternalIdColumn), "Transaction id column", ExternalIdColumn),
        (nameof(StatusColumn), "Status column", StatusColumn),
        (nameof(SkipStatuses), "Statuses to skip", SkipStatuses),
        (nameof(DateFormat), "Date format (such as dd.MM.yyyy)", DateFormat),
    ];
}
