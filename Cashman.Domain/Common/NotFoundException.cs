namespace Cashman.Domain.Common;

/// <summary>Thrown when a resource does not exist or is not visible to the caller.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("The resource was not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
