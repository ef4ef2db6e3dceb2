namespace Cashman.Api.Operations;

/// <summary>What <c>GET /</c> answers: where to go next.</summary>
public sealed record RootResponse(
    [property: Cashman.Api.OpenApi.SchemaLimits(MaxLength = 50)] string Name,
    [property: Cashman.Api.OpenApi.SchemaLimits(MaxLength = 50)] string Version,
    IReadOnlyDictionary<string, string> Links);
