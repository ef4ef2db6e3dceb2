using Cashman.Api.Http;
using Cashman.Api.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Users;

/// <summary>The account and its logins: register, log in, refresh and log out, change the password, erase the account.</summary>
[ApiController]
[Route("auth")]
[Tags("Accounts")]
public sealed class AuthController(AccountService accounts, SessionService sessions) : ControllerBase
{
    /// <summary>Creates an account.</summary>
    /// <remarks>Emails are unique case-insensitively. Rate-limited per client address.</remarks>
    /// <param name="request">Email and password (at least 8 characters).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The account was created.</response>
    /// <response code="400">The email is not valid or the password is too short; <c>errors</c> names the field.</response>
    /// <response code="403">Registration is closed on this server (<c>Users__Registration=closed</c>); the operator adds users.</response>
    /// <response code="409">An account with this email already exists.</response>
    /// <response code="429">Too many attempts from this address; see <c>Retry-After</c>.</response>
    [HttpPost("register")]
    [EndpointName("register")]
    [AllowAnonymous]
    [RateLimitedByAddress]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<UserResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<UserResponse>> Register(RegisterRequest request, CancellationToken cancellationToken) =>
        this.CreatedAtPublicUrl(nameof(Me), null, await accounts.RegisterAsync(request, cancellationToken));

    /// <summary>Logs in and returns an access token and a refresh token.</summary>
    /// <remarks>An unknown email and a wrong password get the same 401. Rate-limited per client address.</remarks>
    /// <param name="request">Email and password.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The token pair.</response>
    /// <response code="400">The body is not valid JSON.</response>
    /// <response code="401">The email or password is incorrect.</response>
    /// <response code="429">Too many attempts from this address; see <c>Retry-After</c>.</response>
    [HttpPost("login")]
    [EndpointName("login")]
    [AllowAnonymous]
    [RateLimitedByAddress]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<TokenResponse>> Login(CredentialsRequest request, CancellationToken cancellationToken) =>
        await sessions.LoginAsync(request, cancellationToken);

    /// <summary>Trades a refresh token for a new pair; the old refresh token stops working.</summary>
    /// <remarks>Presenting a refresh token that was already used ends that whole login (reuse detection). Rate-limited per client address.</remarks>
    /// <param name="request">The refresh token.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The new token pair.</response>
    /// <response code="400">The refresh token is missing.</response>
    /// <response code="401">The refresh token is unknown, expired, revoked or was already used.</response>
    /// <response code="429">Too many attempts from this address; see <c>Retry-After</c>.</response>
    [HttpPost("refresh")]
    [EndpointName("refreshToken")]
    [AllowAnonymous]
    [RateLimitedByAddress]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<TokenResponse>> Refresh(RefreshRequest request, CancellationToken cancellationToken) =>
        await sessions.RefreshAsync(request, cancellationToken);

    /// <summary>Logs out: the given refresh token and the access token used for this call stop working at once.</summary>
    /// <param name="request">The refresh token of the login to end.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Logged out.</response>
    /// <response code="400">The refresh token is missing.</response>
    /// <response code="401">No valid credentials.</response>
    [HttpPost("logout")]
    [EndpointName("logout")]
    [Authorize]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Logout(RefreshRequest request, CancellationToken cancellationToken)
    {
        await sessions.LogoutAsync(request, cancellationToken);
        return NoContent();
    }

    /// <summary>Changes the caller's password; every other login of the account ends.</summary>
    /// <remarks>The login used for this call stays; API keys stay. Rate-limited per client address, like login.</remarks>
    /// <param name="request">The current and the new password.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Changed.</response>
    /// <response code="400">The new password is too short or too long.</response>
    /// <response code="401">No valid credentials, or the current password is wrong.</response>
    /// <response code="429">Too many attempts; see <c>Retry-After</c>.</response>
    [HttpPost("password")]
    [EndpointName("changePassword")]
    [Authorize]
    [RateLimitedByAddress]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> ChangePassword(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        await accounts.ChangePasswordAsync(request, cancellationToken);
        return NoContent();
    }

    /// <summary>Erases the caller's account and every record it owns.</summary>
    /// <remarks>
    /// Transactions, totals, logins, refresh tokens, API keys and idempotency records go at once, in one database
    /// transaction; every token and key of the account stops working. This cannot be undone. Rate-limited per client address.
    /// </remarks>
    /// <param name="request">The account's password, to confirm.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Erased.</response>
    /// <response code="400">The body is not valid JSON.</response>
    /// <response code="401">No valid credentials, or the password is wrong.</response>
    /// <response code="429">Too many attempts; see <c>Retry-After</c>.</response>
    [HttpDelete("me")]
    [EndpointName("deleteMe")]
    [Authorize]
    [RateLimitedByAddress]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeleteMe(DeleteAccountRequest request, CancellationToken cancellationToken)
    {
        await accounts.DeleteAccountAsync(request, cancellationToken);
        return NoContent();
    }

    /// <summary>Returns the caller's account.</summary>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The account.</response>
    /// <response code="401">No valid credentials.</response>
    [HttpGet("me")]
    [EndpointName("getMe")]
    [Authorize]
    [ProducesResponseType<UserResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<UserResponse>> Me(CancellationToken cancellationToken) =>
        await accounts.MeAsync(cancellationToken);
}
