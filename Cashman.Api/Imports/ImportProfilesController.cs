using Cashman.Api.Http;
using Cashman.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Imports;

/// <summary>Import profiles: <c>/imports/profiles</c>. A profile saves how to read one bank's files, for <c>POST /imports?profile=</c>.</summary>
[ApiController]
[Authorize]
[Route("imports/profiles")]
[Tags("Sync")]
public sealed class ImportProfilesController(ImportProfileService profiles) : ControllerBase
{
    /// <summary>Lists your profiles, then the built-in ones for banks' documented layouts.</summary>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Every profile, yours first.</response>
    [HttpGet]
    [EndpointName("listImportProfiles")]
    [ProducesResponseType<ImportProfileListResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<ImportProfileListResponse>> List(CancellationToken cancellationToken) =>
        await profiles.ListAsync(cancellationToken);

    /// <summary>Gets one profile, yours or built-in.</summary>
    /// <param name="name">Its name, in any case.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The profile.</response>
    /// <response code="404">Neither you nor Cashman has a profile of this name.</response>
    [HttpGet("{name}")]
    [EndpointName("getImportProfile")]
    [ProducesResponseType<ImportProfileResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<ImportProfileResponse>> Get([SchemaLimits(MinLength = 1, MaxLength = ImportProfileRules.NameMaxLength, Pattern = ImportProfileRules.NamePattern)] string name, CancellationToken cancellationToken) =>
        await profiles.GetAsync(name, cancellationToken);

    /// <summary>Creates or replaces one of your profiles.</summary>
    /// <remarks>
    /// The body holds any of the parameters of <c>POST /imports</c> that say how to read a file (columns, formats,
    /// <c>header</c>, <c>skipLines</c>, directions and statuses); those it leaves out keep their defaults. The name is 1 to
    /// 50 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>, kept in lower case.
    /// </remarks>
    /// <param name="name">The profile's name.</param>
    /// <param name="mapping">How to read the bank's files.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The profile was replaced.</response>
    /// <response code="201">The profile was created.</response>
    /// <response code="400">The name or a parameter is invalid, or two parameters contradict each other.</response>
    /// <response code="409">A built-in profile has this name, or you have 100 profiles.</response>
    [HttpPut("{name}")]
    [EndpointName("putImportProfile")]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<ImportProfileResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    [ProducesResponseType<ImportProfileResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<ImportProfileResponse>> Put([SchemaLimits(MinLength = 1, MaxLength = ImportProfileRules.NameMaxLength, Pattern = ImportProfileRules.NamePattern)] string name, ImportMapping mapping, CancellationToken cancellationToken)
    {
        var (profile, created) = await profiles.PutAsync(name, mapping, cancellationToken);
        return created ? this.CreatedAtPublicUrl(nameof(Get), new { name = profile.Name }, profile) : profile;
    }

    /// <summary>Deletes one of your profiles.</summary>
    /// <param name="name">Its name, in any case.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="404">You have no profile of this name.</response>
    /// <response code="409">Built-in profiles cannot be deleted.</response>
    [HttpDelete("{name}")]
    [EndpointName("deleteImportProfile")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete([SchemaLimits(MinLength = 1, MaxLength = ImportProfileRules.NameMaxLength, Pattern = ImportProfileRules.NamePattern)] string name, CancellationToken cancellationToken)
    {
        await profiles.DeleteAsync(name, cancellationToken);
        return NoContent();
    }
}
