namespace Cashman.Api.Contracts;

/// <summary>What <c>GET /</c> answers: where to go next.</summary>
public sealed record RootResponse(string Name, string Version, IReadOnlyDictionary<string, string> Links);
