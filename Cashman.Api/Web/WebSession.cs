using System.Security.Claims;
using Cashman.Api.Users;
using Cashman.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Cashman.Api.Web;

/// <summary>
/// The web client's cookie: it names a login (<c>sid</c>) of its user, and every request checks that the login is still
/// open with the same primary-key lookup a bearer token gets, so logout, a password change elsewhere and erasure end it
/// at once on every replica. Only the pages at <c>/app</c> accept it; the JSON API never does.
/// </summary>
public static class WebSession
{
    public const string Scheme = "CashmanWeb";
    public const string CookieName = "cashman_session";

    /// <summary>Sets the cookie for a login that has just been opened; it lasts for the browser session, at most as long as the login.</summary>
    public static Task SignInAsync(HttpContext context, Session session, DateTimeOffset endsAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        var identity = new ClaimsIdentity(
            [new Claim(CashmanClaims.Subject, session.UserId.ToString()), new Claim(CashmanClaims.Session, session.Id.ToString())],
            Scheme,
            CashmanClaims.Subject,
            roleType: null);
        return context.SignInAsync(
            Scheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = false, ExpiresUtc = endsAt });
    }

    /// <summary>A cookie whose login has ended (or whose claims are not ours) signs the browser out.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await AuthenticationSetup.RememberOpenLoginAsync(context.HttpContext, context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
