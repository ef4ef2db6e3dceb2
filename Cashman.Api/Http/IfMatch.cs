using Cashman.Domain.Common;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Cashman.Api.Http;

/// <summary>
/// The condition an <c>If-Match</c> header puts on a write (RFC 9110 §13.1.1): <c>*</c> matches any stored version,
/// otherwise one of the listed strong entity tags must equal the stored row version. Weak tags and tags this API
/// never issued are well-formed but match nothing.
/// </summary>
public sealed class IfMatch
{
    public const string HeaderName = "If-Match";

    private readonly HashSet<Guid> _versions;
    private readonly bool _any;

    private IfMatch(bool any, HashSet<Guid> versions)
    {
        _any = any;
        _versions = versions;
    }

    /// <summary>The condition of a form that carries the version it was opened on (the web client's), or null without one.</summary>
    public static IfMatch? ForVersion(Guid? version) => version is { } known ? new IfMatch(any: false, [known]) : null;

    /// <summary>The condition in <paramref name="headerValues"/>, or null when there is none.</summary>
    /// <exception cref="DomainValidationException">The header is not a list of entity tags.</exception>
    public static IfMatch? Parse(StringValues headerValues)
    {
        if (StringValues.IsNullOrEmpty(headerValues))
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseStrictList(headerValues, out var tags) || tags.Count == 0)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                [HeaderName] = ["If-Match must be * or a list of quoted entity tags as sent in ETag, for example \"0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b\"."],
            });
        }

        var versions = new HashSet<Guid>();
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                return new IfMatch(any: true, versions);
            }

            if (!tag.IsWeak && Guid.TryParseExact(tag.Tag.AsSpan(1, tag.Tag.Length - 2), "N", out var version))
            {
                versions.Add(version);
            }
        }

        return new IfMatch(any: false, versions);
    }

    /// <summary>Throws <see cref="PreconditionFailedException"/> unless the stored <paramref name="version"/> matches.</summary>
    public void Check(Guid version)
    {
        if (!_any && !_versions.Contains(version))
        {
            throw new PreconditionFailedException();
        }
    }
}
