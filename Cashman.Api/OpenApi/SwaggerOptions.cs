namespace Cashman.Api.OpenApi;

/// <summary><c>Swagger__Enabled</c>: serve the OpenAPI document and UI. Defaults to on in Development only.</summary>
public sealed class SwaggerOptions
{
    public const string SectionName = "Swagger";

    public bool? Enabled { get; set; }
}
