using Cashman.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Users;

/// <summary>Long-lived keys for scripts, sent as <c>X-API-Key</c>: create (the secret is shown once), list and revoke.</summary>
[ApiController]
[Authorize]
[Route("auth/api-keys")]
[Tags("API keys")]
public sealed class ApiKeysController(ApiKeyService apiKeys) : ControllerBase
{
    /// <summary>Creates an API key; the key is in this response only.</summary>
    /// <param name="request">A name for the key.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The key, shown this once.</response>
    /// <response code="400">The name is missing, longer than 100 characters or has control characters.</response>
    /// <response code="409">The account already holds 100 active keys; revoke one first.</response>
    [HttpPost]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<ApiKeyCreatedResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    [EndpointName("createApiKey")]
    public async Task<ActionResult<ApiKeyCreatedResponse>> Create(CreateApiKeyRequest request, CancellationToken cancellationToken) =>
        this.CreatedAtPublicUrl(nameof(List), null, await apiKeys.CreateAsync(request, cancellationToken));

    /// <summary>Lists the caller's active API keys, without their secrets.</summary>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The keys, newest first.</response>
    [HttpGet]
    [EndpointName("listApiKeys")]
    [ProducesResponseType<IReadOnlyList<ApiKeyResponse>>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<IReadOnlyList<ApiKeyResponse>>> List(CancellationToken cancellationToken) =>
        Ok(await apiKeys.ListAsync(cancellationToken));

    /// <summary>Revokes an API key; it stops working at once.</summary>
    /// <param name="id">The key's id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Revoked.</response>
    /// <response code="404">The caller has no active key with this id.</response>
    [HttpDelete("{id:guid}")]
    [EndpointName("revokeApiKey")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Revoke(Guid id, CancellationToken cancellationToken)
    {
        await apiKeys.RevokeAsync(id, cancellationToken);
        return NoContent();
    }
}
