using Cashman.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Sync;

/// <summary>The caller's change feed, for apps that keep a copy: <c>/changes</c>.</summary>
[ApiController]
[Authorize]
[Route("changes")]
[Tags("Sync")]
public sealed class ChangesController(ChangeFeedService feed) : ControllerBase
{
    /// <summary>Lists what changed in the caller's transactions after a cursor, oldest first.</summary>
    /// <remarks>
    /// Without <c>after</c>, the feed starts from the beginning: every live transaction once, as an <c>upsert</c>. Store
    /// <c>next</c> with your copy and send it as <c>after</c> next time; while <c>hasMore</c> is true, ask again at once.
    /// Applying the changes in order (an <c>upsert</c> replaces your copy of the transaction, a <c>delete</c> removes it)
    /// converges exactly to the server's state, also while the same user writes from other devices. Every write answer
    /// carries, in <c>Cashman-Change-Cursor</c>, a cursor that includes that write. Delete markers are kept for
    /// <c>Changes__RetentionDays</c> (90 by default): an older cursor is a 410, and the client starts again without
    /// <c>after</c>.
    /// </remarks>
    /// <param name="query"><c>after</c> (a cursor) and <c>limit</c> (1 to 1000, default 100).</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The changes after the cursor (possibly none), and the cursor to continue from.</response>
    /// <response code="400">The cursor is not one this service issued, the limit is out of range, or a parameter is unknown.</response>
    /// <response code="410">The cursor is older than the retention of delete markers: start again without <c>after</c>.</response>
    [HttpGet]
    [EndpointName("listChanges")]
    [ProducesResponseType<ChangesResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<ChangesResponse>> List([FromQuery] ChangesQuery query, CancellationToken cancellationToken) =>
        await feed.ReadAsync(query, cancellationToken);
}
