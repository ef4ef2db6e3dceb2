using System.Net;
using System.Net.Sockets;
using Cashman.Domain.Common;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Webhooks;

/// <summary>Resolves a host name to its addresses; replaced in tests, where no name resolves to a public address.</summary>
public interface IWebhookDns
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver; an address literal is itself.</summary>
public sealed class SystemWebhookDns : IWebhookDns
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var address) ? Task.FromResult<IPAddress[]>([address]) : Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>
/// Where webhooks may deliver: <c>https</c> URLs whose host resolves to public addresses only. A URL is checked when it is
/// saved, and every connection is checked again after resolution (<see cref="ConnectAsync"/>), so a name that later
/// resolves to a private address (DNS rebinding) reaches nothing. <c>Webhooks__AllowPrivateTargets</c> lifts both.
/// </summary>
public sealed class WebhookTargets(IWebhookDns dns, IOptions<WebhookOptions> options)
{
    /// <summary>
    /// Loopback, private, shared (carrier-grade NAT), link-local (cloud metadata at 169.254.169.254), documentation,
    /// benchmarking, multicast and reserved ranges: never a public receiver. IPv4-mapped IPv6 addresses are checked as the
    /// IPv4 address they carry.
    /// </summary>
    private static readonly IPNetwork[] NotPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
            "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private bool AllowPrivate => options.Value.AllowPrivateTargets;

    /// <summary>Whether <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return !NotPublic.Any(n => n.Contains(address));
    }

    /// <summary>Checks a URL before it is saved: its scheme, and every address its host resolves to now.</summary>
    /// <exception cref="DomainValidationException">Not https, or a host that does not resolve or resolves to a non-public address.</exception>
    public async Task CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.IsAbsoluteUri && url.Scheme == Uri.UriSchemeHttp && !AllowPrivate)
        {
            throw DomainValidationException.For("url", "The url must be an https URL.");
        }

        if (!url.IsAbsoluteUri || AllowPrivate)
        {
            return;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await dns.ResolveAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            addresses = [];
        }

        if (addresses.Length == 0)
        {
            throw DomainValidationException.For("url", "The url's host does not resolve to an address.");
        }

        if (!addresses.All(IsPublic))
        {
            throw DomainValidationException.For("url", "The url's host resolves to a loopback, private, link-local, multicast or other non-public address.");
        }
    }

    /// <summary>
    /// Opens a delivery's connection (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host and connects to
    /// the first public address that answers, never to another.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endPoint = context.DnsEndPoint;
        var addresses = await dns.ResolveAsync(endPoint.Host, cancellationToken);
        var allowed = AllowPrivate ? addresses : [.. addresses.Where(IsPublic)];
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(addresses.Length == 0
                ? "The host does not resolve to an address."
                : "Refused: the host resolves to a loopback, private, link-local, multicast or other non-public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery's target was refused after resolution; its message is what the delivery record shows.</summary>
public sealed class WebhookTargetRefusedException(string message) : IOException(message);
