namespace Cashman.Domain.Common;

/// <summary>
/// Thrown when a domain object would be created or changed into an invalid state.
/// Carries one or more messages per field, keyed by the field's wire name (camelCase).
/// </summary>
public sealed class DomainValidationException : Exception
{
    public DomainValidationException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public DomainValidationException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public DomainValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public DomainValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid.")
    {
        Errors = errors;
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
