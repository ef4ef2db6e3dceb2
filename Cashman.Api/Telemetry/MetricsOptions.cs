using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Cashman.Api.Telemetry;

/// <summary>
/// <c>Metrics__Port</c> and <c>Metrics__Address</c>: the management endpoint that serves <c>GET /metrics</c> in Prometheus
/// text format, never on the public port. It listens on loopback unless an address is given (a container gives its
/// own, <c>0.0.0.0</c>, and publishes the port on the host's loopback); port 0 turns it off.
/// </summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string SectionName = "Metrics";

    [Range(0, 65_535)]
    public int Port { get; set; } = 9464;

    [Required]
    public string Address { get; set; } = IPAddress.Loopback.ToString();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(Address, out _))
        {
            yield return new ValidationResult("Metrics:Address must be an IP address such as 127.0.0.1 or 0.0.0.0.", [nameof(Address)]);
        }
    }
}
