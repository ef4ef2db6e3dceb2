namespace Cashman.Api.Http;

/// <summary>The media types the API answers with.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";
}
