using Cashman.Domain.Common;

namespace Cashman.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header: 1 to 255 visible ASCII characters, sent bare
/// (<c>Idempotency-Key: 8e03978e-40d5</c>) or as a structured-field string (<c>Idempotency-Key: "8e03978e-40d5"</c>).
/// </summary>
public static class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>Set on a replayed answer, so that a client can tell a retry was recognised.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>What the OpenAPI document says of the header.</summary>
    public const string Description = "Optional: 1 to 255 visible ASCII characters that identify this request across retries.";

    /// <summary>The key in <paramref name="headerValue"/>.</summary>
    /// <exception cref="DomainValidationException">The value is empty, too long, or not visible ASCII.</exception>
    public static string Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var key = headerValue.Length >= 2 && headerValue[0] == '"' && headerValue[^1] == '"' ? headerValue[1..^1] : headerValue;
        if (key.Length is 0 or > MaxLength || !key.All(c => c is >= '!' and <= '~'))
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                [HeaderName] = [$"{HeaderName} must be 1 to {MaxLength} visible ASCII characters, for example a UUID."],
            });
        }

        return key;
    }
}
