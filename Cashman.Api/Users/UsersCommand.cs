using Cashman.Domain.Common;

namespace Cashman.Api.Users;

/// <summary>
/// The operator's <c>dotnet Cashman.Api.dll users add EMAIL</c> and <c>users reset-password EMAIL</c>: each prints a
/// one-time password once, to hand to the user (who changes it with <c>POST /auth/password</c>); a reset also ends every
/// login of that user. Exit code 0 on success, 1 with one line on standard error otherwise.
/// </summary>
internal static class UsersCommand
{
    public const string Name = "users";
    public const string Usage = "usage: dotnet Cashman.Api.dll users add EMAIL | users reset-password EMAIL";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not [_, "add" or "reset-password", { Length: > 0 } email])
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        try
        {
            if (args[1] == "add")
            {
                var (user, password) = await accounts.AddUserAsync(email, CancellationToken.None);
                Console.WriteLine($"Added {user.Email} ({user.Id}). One-time password, shown once: {password}");
            }
            else
            {
                var password = await accounts.ResetPasswordAsync(email, CancellationToken.None);
                Console.WriteLine($"Every login of {email} has ended. One-time password, shown once: {password}");
            }

            return 0;
        }
        catch (Exception exception) when (exception is DomainValidationException or ConflictException or NotFoundException)
        {
            var reason = exception switch
            {
                DomainValidationException invalid => string.Join(" ", invalid.Errors.SelectMany(e => e.Value)),
                NotFoundException => $"No user has the email {email}.",
                _ => exception.Message,
            };
            await Console.Error.WriteLineAsync($"cashman: {reason}");
            return 1;
        }
    }
}
