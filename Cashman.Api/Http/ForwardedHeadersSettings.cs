using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Cashman.Api.Http;

/// <summary>
/// <c>ForwardedHeaders__KnownProxies</c> (addresses) and <c>ForwardedHeaders__KnownNetworks</c> (CIDR ranges), each a
/// comma-separated list: the reverse proxies whose <c>X-Forwarded-For</c> names the client. None by default, so that no
/// client can pick its own address (and its own sign-in budget) by sending the header.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    public string? KnownProxies { get; set; }

    public string? KnownNetworks { get; set; }

    public IEnumerable<IPAddress> Proxies => Split(KnownProxies).Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> Networks => Split(KnownNetworks).Select(IPNetwork.Parse);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in Split(KnownProxies).Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in Split(KnownNetworks).Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"ForwardedHeaders:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8.", [nameof(KnownNetworks)]);
        }
    }

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
