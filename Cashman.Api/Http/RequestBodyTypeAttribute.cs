namespace Cashman.Api.Http;

/// <summary>
/// The media type of a body that the action reads itself (the import's file). Not <c>[Consumes]</c>: routing would answer
/// another type with a bare 415 endpoint that knows nothing of this one, while the action's own 415 can name it. The
/// OpenAPI document and the 415's text read it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequestBodyTypeAttribute(params string[] mediaTypes) : Attribute
{
    /// <summary>The media types the action reads, the usual one first.</summary>
    public IReadOnlyList<string> MediaTypes { get; } = mediaTypes;

    public string MediaType => MediaTypes[0];
}
