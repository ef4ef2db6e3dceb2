namespace Cashman.Api.Contracts;

/// <summary>A response whose row version becomes its <c>ETag</c>.</summary>
public interface IVersionedResponse
{
    Guid Version { get; }
}
