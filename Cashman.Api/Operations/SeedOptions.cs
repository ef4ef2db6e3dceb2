namespace Cashman.Api.Operations;

/// <summary><c>Seed__DemoData</c>: in Development, seed the tutorial's four transactions into an empty database.</summary>
public sealed class SeedOptions
{
    public const string SectionName = "Seed";

    public bool DemoData { get; set; }
}
