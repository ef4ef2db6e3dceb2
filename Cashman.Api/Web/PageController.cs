using Cashman.Api.Budgets;
using Cashman.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Web;

/// <summary>
/// What every page of the web client shares: the cookie (and only the cookie) signs the caller in, every form is checked
/// by antiforgery, and a rule that a service refuses is shown beside the form rather than answered as a problem document.
/// The pages are not part of the API's contract, so the OpenAPI document leaves them out.
/// </summary>
[Authorize(Policy = WebSession.Scheme)]
[AutoValidateAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
[Route(WebSetup.PathBase)]
public abstract class PageController : Controller
{
    public const string ChangedElsewhere =
        "This was changed elsewhere after you opened it. Its current values are shown; make your change again.";

    /// <summary>
    /// Runs a write; when a service refuses it, its messages go to the form's fields and <paramref name="redisplay"/>
    /// shows the form again (with a 400, 404, 409 or 412 status, as the API would answer).
    /// </summary>
    protected async Task<IActionResult> AttemptAsync(Func<Task<IActionResult>> write, Func<Task<IActionResult>> redisplay)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(redisplay);
        int status;
        try
        {
            // A field MVC could not even bind (a date that is not a date) is named as the domain's own refusals are.
            return ModelState.IsValid ? await write() : throw new DomainValidationException(new Dictionary<string, string[]>());
        }
        catch (DomainValidationException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }

            status = StatusCodes.Status400BadRequest;
        }
        catch (ConflictException conflict)
        {
            ModelState.AddModelError(string.Empty, conflict.Message);
            status = StatusCodes.Status409Conflict;
        }
        catch (ExternalIdTakenException)
        {
            ModelState.AddModelError(string.Empty, "A transaction with this external id is already stored.");
            status = StatusCodes.Status409Conflict;
        }
        catch (AuthenticationFailedException failed)
        {
            ModelState.AddModelError(string.Empty, failed.Message);
            status = StatusCodes.Status401Unauthorized;
        }
        catch (ForbiddenException forbidden)
        {
            ModelState.AddModelError(string.Empty, forbidden.Message);
            status = StatusCodes.Status403Forbidden;
        }
        catch (PreconditionFailedException)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, ChangedElsewhere);
            status = StatusCodes.Status412PreconditionFailed;
        }

        var page = await redisplay();
        Response.StatusCode = status;
        return page;
    }

    /// <summary>
    /// The month a page was asked for (<c>YYYY-MM</c>, the budgets' own rule), or the month of <paramref name="today"/>
    /// when none was; a month that is not one is named on the page, which answers 400 and shows this month.
    /// </summary>
    protected DateOnly MonthOrThisOne(string? month, DateOnly today)
    {
        if (month is not null)
        {
            try
            {
                return BudgetMonth.Parse(month, "month");
            }
            catch (DomainValidationException invalid)
            {
                ModelState.AddModelError("month", invalid.Errors["month"][0]);
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }

        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>Whether the write was refused because the row changed since the form was opened (the form then shows it as it is now).</summary>
    protected bool IsStale =>
        ModelState.TryGetValue(string.Empty, out var entry) && entry.Errors.Any(e => e.ErrorMessage == ChangedElsewhere);

    /// <summary>A link back to a page of the client (after a write: post, redirect, get).</summary>
    protected RedirectResult BackTo(string path, string? notice = null)
    {
        if (notice is not null)
        {
            TempData["notice"] = notice;
        }

        return Redirect(WebSetup.PathBase + path);
    }
}
