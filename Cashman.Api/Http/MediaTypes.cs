namespace Cashman.Api.Http;

/// <summary>The media types the API answers with.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";
    public const string JsonUtf8 = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json";
}
