using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Http;

/// <summary>A request body that is a CSV file: <c>text/csv</c>, read as UTF-8.</summary>
public static class CsvBody
{
    public const string MediaType = "text/csv";

    /// <summary>A missing type, another type or another declared charset is a 415.</summary>
    /// <exception cref="BadHttpRequestException">The body is not declared as UTF-8 <c>text/csv</c>.</exception>
    public static void RequireUtf8(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase)
            || (type.Charset.HasValue && !HeaderUtilities.RemoveQuotes(type.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw new BadHttpRequestException("The file must be text/csv in UTF-8.", StatusCodes.Status415UnsupportedMediaType);
        }
    }
}
