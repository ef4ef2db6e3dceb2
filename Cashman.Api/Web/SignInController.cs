using Cashman.Api.RateLimiting;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>Signing in, registering and signing out, through the same services as <c>/auth</c>.</summary>
public sealed class SignInController(SessionService sessions, AccountService accounts) : PageController
{
    [HttpGet("login")]
    [AllowAnonymous]
    public IActionResult Login([FromQuery] string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    /// <summary>Opens a login and sets the cookie; the same one message for an unknown email and a wrong password.</summary>
    [HttpPost("login")]
    [AllowAnonymous]
    [RateLimitedByAddress]
    public Task<IActionResult> Login(SignInForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                var (session, endsAt) = await sessions.SignInAsync(new CredentialsRequest { Email = form.Email, Password = form.Password }, cancellationToken);
                await WebSession.SignInAsync(HttpContext, session, endsAt);
                return Redirect(SafeReturn(form.ReturnUrl));
            },
            () => Task.FromResult<IActionResult>(View(form with { Password = null })));

    [HttpGet("register")]
    [AllowAnonymous]
    public IActionResult Register() => View(new RegisterForm());

    /// <summary>Registers (the API's rules: a free email, a password of 8 characters or more) and signs the new user in.</summary>
    [HttpPost("register")]
    [AllowAnonymous]
    [RateLimitedByAddress]
    public Task<IActionResult> Register(RegisterForm form, CancellationToken cancellationToken) =>
        AttemptAsync(
            async () =>
            {
                await accounts.RegisterAsync(
                    new RegisterRequest
                    {
                        Email = form.Email,
                        Password = form.Password,
                        BaseCurrency = string.IsNullOrWhiteSpace(form.BaseCurrency) ? null : form.BaseCurrency.Trim(),
                        TimeZone = string.IsNullOrWhiteSpace(form.TimeZone) ? null : form.TimeZone.Trim(),
                    },
                    cancellationToken);
                var (session, endsAt) = await sessions.SignInAsync(new CredentialsRequest { Email = form.Email, Password = form.Password }, cancellationToken);
                await WebSession.SignInAsync(HttpContext, session, endsAt);
                return BackTo(string.Empty, "Welcome to Cashman. Your first account, Main, is ready.");
            },
            () => Task.FromResult<IActionResult>(View(form with { Password = null })));

    /// <summary>Ends this login (as <c>POST /auth/logout</c> would) and removes the cookie.</summary>
    [HttpPost("logout")]
    public async Task<IActionResult> Logout(CancellationToken cancellationToken)
    {
        await sessions.EndCurrentAsync(cancellationToken);
        await HttpContext.SignOutAsync(WebSession.Scheme);
        return BackTo("/login", "You are signed out.");
    }

    /// <summary>Only a page of the client itself: never another site (an open redirect) or a path outside <c>/app</c>.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith(WebSetup.PathBase, StringComparison.Ordinal) &&
        (url.Length == WebSetup.PathBase.Length || url[WebSetup.PathBase.Length] is '/' or '?') &&
        !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : WebSetup.PathBase;
}

public sealed record SignInForm
{
    public string? Email { get; init; }

    public string? Password { get; init; }

    public string? ReturnUrl { get; init; }
}

public sealed record RegisterForm
{
    public string? Email { get; init; }

    public string? Password { get; init; }

    public string? BaseCurrency { get; init; }

    public string? TimeZone { get; init; }
}
