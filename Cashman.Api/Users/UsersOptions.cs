using System.ComponentModel.DataAnnotations;

namespace Cashman.Api.Users;

/// <summary>
/// <c>Users__Registration</c>: <c>open</c> (default), anyone may register; <c>closed</c>, <c>POST /auth/register</c> is a
/// 403 and the operator adds users with <c>dotnet Cashman.Api.dll users add EMAIL</c>.
/// </summary>
public sealed class UsersOptions
{
    public const string SectionName = "Users";
    public const string Open = "open";
    public const string Closed = "closed";

    [RegularExpression("^(open|closed)$", ErrorMessage = "Users:Registration must be open or closed.")]
    public string Registration { get; set; } = Open;

    public bool RegistrationOpen => Registration == Open;
}
