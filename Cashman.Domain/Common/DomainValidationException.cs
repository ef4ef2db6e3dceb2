namespace Cashman.Domain.Common;

/// <summary>
/// Thrown when a domain object would be created or changed into an invalid state.
/// Carries one or more messages per field, keyed by the field's wire name (camelCase).
/// </summary>
public sealed class DomainValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>One field with one message.</summary>
    public static DomainValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
