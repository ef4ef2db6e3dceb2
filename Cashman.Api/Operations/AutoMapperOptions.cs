namespace Cashman.Api.Operations;

/// <summary>
/// <c>AutoMapper__LicenseKey</c>: the commercial license key for AutoMapper 15+. Without it AutoMapper works and logs
/// a warning at start; AutoMapper also reads <c>AUTOMAPPER_LICENSE_KEY</c> itself.
/// </summary>
public sealed class AutoMapperOptions
{
    public const string SectionName = "AutoMapper";

    public string? LicenseKey { get; set; }

    /// <summary>The key, or null when none is set (a blank value included).</summary>
    public string? LicenseKeyOrNull => string.IsNullOrWhiteSpace(LicenseKey) ? null : LicenseKey;
}
