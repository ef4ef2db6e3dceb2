namespace Cashman.Api.Http;

/// <summary>A response whose row version becomes its <c>ETag</c>.</summary>
public interface IVersionedResponse
{
    Guid Version { get; }
}
