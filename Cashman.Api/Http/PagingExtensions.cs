using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Http;

/// <summary>Wraps a service page into the list envelope, with links and an RFC 8288 <c>Link</c> header.</summary>
public static class PagingExtensions
{
    public static PagedResponse<T> ToPagedResponse<T>(this ControllerBase controller, Page<T> page)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(page);
        var request = controller.Request;
        var urls = controller.HttpContext.RequestServices.GetRequiredService<PublicUrls>();
        var lastPage = Math.Max(1, page.TotalPages);
        var links = new PageLinks(
            Self: PageUri(urls, request, page.PageNumber, page.PageSize),
            First: PageUri(urls, request, 1, page.PageSize),
            Prev: page.PageNumber > 1 ? PageUri(urls, request, Math.Min(page.PageNumber - 1, lastPage), page.PageSize) : null,
            Next: page.PageNumber < lastPage ? PageUri(urls, request, page.PageNumber + 1, page.PageSize) : null,
            Last: PageUri(urls, request, lastPage, page.PageSize));

        controller.Response.Headers[HeaderNames.Link] = LinkHeader(links);
        return new PagedResponse<T>(page.Items, page.PageNumber, page.PageSize, page.TotalItems, page.TotalPages, links);
    }

    private static string LinkHeader(PageLinks links)
    {
        var parts = new List<string>
        {
            Link(links.Self, "self"),
            Link(links.First, "first"),
        };
        if (links.Prev is not null)
        {
            parts.Add(Link(links.Prev, "prev"));
        }

        if (links.Next is not null)
        {
            parts.Add(Link(links.Next, "next"));
        }

        parts.Add(Link(links.Last, "last"));
        return string.Join(", ", parts);
    }

    private static string Link(Uri uri, string rel) => $"<{uri.AbsoluteUri}>; rel=\"{rel}\"";

    private static Uri PageUri(PublicUrls urls, HttpRequest request, int page, int pageSize)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (string.Equals(key, "page", StringComparison.OrdinalIgnoreCase) ||
                string.Equals(key, "pageSize", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            query.Add(key, values.Select(v => v ?? string.Empty));
        }

        query.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("pageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return urls.For(request, UriHelper.BuildRelative(request.PathBase, request.Path, query.ToQueryString()));
    }
}
