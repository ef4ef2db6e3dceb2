namespace Cashman.Api.Web;

/// <summary><c>Ui__Enabled</c>: whether the web client is served at <c>/app</c> (default true).</summary>
public sealed class UiOptions
{
    public const string SectionName = "Ui";

    public bool Enabled { get; set; } = true;
}
