using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Options;

/// <summary>
/// <c>Metrics__Port</c>: the management port that serves <c>/metrics</c> in Prometheus text format, on every address
/// of the host and never on the public port; 0 turns the endpoint off.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    [Range(0, 65_535)]
    public int Port { get; set; } = 9464;
}
