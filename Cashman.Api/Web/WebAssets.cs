using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.FileProviders;

namespace Cashman.Api.Web;

/// <summary>The pages' own files (no CDN): their links carry a hash of the content, so a browser may cache them for good.</summary>
public sealed class WebAssets(IFileProvider files)
{
    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    public IFileProvider Files => files;

    /// <summary>The link to an asset, such as <c>/app/assets/app.css?v=…</c>.</summary>
    public string Url(string name) => _urls.GetOrAdd(name, n =>
    {
        var file = files.GetFileInfo(n);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"The web asset '{n}' is missing.");
        }

        using var stream = file.CreateReadStream();
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
        return $"{WebSetup.AssetsPath}/{n}?v={hash}";
    });
}
