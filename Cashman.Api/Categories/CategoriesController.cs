using Cashman.Api.Http;
using Cashman.Api.Idempotency;
using Cashman.Api.OpenApi;
using Cashman.Api.Sync;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Categories;

/// <summary>Categories of incomes and expenses, two levels deep: <c>/categories</c>.</summary>
[ApiController]
[Authorize]
[Route("categories")]
[Tags("Categories")]
public sealed class CategoriesController(CategoryService service) : ControllerBase
{
    /// <summary>Lists your categories, whole, by path.</summary>
    /// <remarks>The <c>ETag</c> changes with any category or count: send it as <c>If-None-Match</c> for a 304.</remarks>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">Every category.</response>
    /// <response code="304">Nothing changed since the <c>ETag</c> in <c>If-None-Match</c>.</response>
    [HttpGet]
    [EndpointName("listCategories")]
    [ProducesResponseType<CategoryListResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public async Task<ActionResult<CategoryListResponse>> List(CancellationToken cancellationToken)
    {
        var (list, etag) = await service.ListAsync(cancellationToken);
        return this.WithETag(list, etag);
    }

    /// <summary>Creates a category, at the top level or under a top-level parent.</summary>
    /// <param name="request">Name, optional parent and rollover.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="201">The category, with its <c>Location</c> and <c>ETag</c>.</response>
    /// <response code="400">A field is invalid (a <c>/</c> in the name, a parent that is itself a child); <c>errors</c> names it.</response>
    /// <response code="409">The name is taken among its siblings, or you have 1,000 categories.</response>
    /// <response code="422">The <c>Idempotency-Key</c> was already used with a different body.</response>
    [HttpPost]
    [EndpointName("createCategory")]
    [Idempotent]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<CategoryResponse>(StatusCodes.Status201Created, MediaTypes.Json)]
    public async Task<ActionResult<CategoryResponse>> Create(CategoryRequest request, CancellationToken cancellationToken)
    {
        var created = await service.CreateAsync(request, cancellationToken);
        return this.CreatedAtPublicUrl(nameof(GetById), new { id = created.Id }, created);
    }

    /// <summary>Gets one category.</summary>
    /// <param name="id">The category's id.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The category.</response>
    /// <response code="404">You have no category with this id.</response>
    [HttpGet("{id:guid}")]
    [EndpointName("getCategory")]
    [ETagFilter]
    [ProducesResponseType<CategoryResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<CategoryResponse>> GetById(Guid id, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken);

    /// <summary>Renames or moves a category, or changes its rollover.</summary>
    /// <remarks>
    /// A new name or parent changes the path of the category, of its children and of every transaction in them, in one
    /// database transaction; each such transaction is in the change feed again. Two levels at most: a category with
    /// children stays at the top level, and a parent must be a top-level category. An absent <c>rollover</c> keeps it.
    /// </remarks>
    /// <param name="id">The category's id.</param>
    /// <param name="request">The new name, parent and rollover.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the update happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">The category, with its new <c>ETag</c>.</response>
    /// <response code="400">A field is invalid, or the move would make a third level or a cycle; <c>errors</c> names it.</response>
    /// <response code="404">You have no category with this id.</response>
    /// <response code="409">The name is taken among its new siblings.</response>
    /// <response code="412">The category changed since the version in <c>If-Match</c>.</response>
    [HttpPut("{id:guid}")]
    [EndpointName("updateCategory")]
    [ChangeCursorFilter]
    [ETagFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<CategoryResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<CategoryResponse>> Update(
        Guid id, CategoryRequest request, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken) =>
        await service.UpdateAsync(id, request, IfMatch.Parse(ifMatch), cancellationToken);

    /// <summary>Merges a category into another.</summary>
    /// <remarks>
    /// Its transactions, children, budgets and recurring transactions move into <c>intoId</c> and it is deleted, in one database transaction; each
    /// moved transaction is in the change feed again. A child whose name <c>intoId</c> already has is merged into that child;
    /// a budget of a month <c>intoId</c> also has is added to it.
    /// </remarks>
    /// <param name="id">The category that goes.</param>
    /// <param name="request">The category that receives everything.</param>
    /// <param name="ifMatch">Optional: the merged category's <c>ETag</c> last read.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="200">What moved, and the receiving category.</response>
    /// <response code="400"><c>intoId</c> is missing, not yours, the category itself or its child, or a child category (when this one has children).</response>
    /// <response code="404">You have no category with this id.</response>
    /// <response code="412">The category changed since the version in <c>If-Match</c>.</response>
    [HttpPost("{id:guid}/merge")]
    [EndpointName("mergeCategory")]
    [ChangeCursorFilter]
    [Consumes(MediaTypes.Json)]
    [ProducesResponseType<MergeResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public async Task<ActionResult<MergeResponse>> Merge(
        Guid id, MergeRequest request, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken) =>
        await service.MergeAsync(id, request, IfMatch.Parse(ifMatch), cancellationToken);

    /// <summary>Deletes a category.</summary>
    /// <remarks>
    /// A category with transactions, children, budgets or recurring transactions is a 409 unless <c>reassignTo</c> names another category (the
    /// same as merging into it) or is <c>none</c> (its transactions and recurring transactions keep no category and its budgets go; a category with
    /// children still cannot go this way).
    /// </remarks>
    /// <param name="id">The category's id.</param>
    /// <param name="reassignTo">Optional: another category's id, or <c>none</c>.</param>
    /// <param name="ifMatch">Optional: the <c>ETag</c> last read; the delete happens only if it is still current.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="400"><c>reassignTo</c> is not another of your categories nor <c>none</c>, or <c>If-Match</c> is malformed.</response>
    /// <response code="404">You have no category with this id.</response>
    /// <response code="409">It is in use and no <c>reassignTo</c> was given, or it has children and <c>reassignTo</c> is <c>none</c>.</response>
    /// <response code="412">The category changed since the version in <c>If-Match</c>.</response>
    [HttpDelete("{id:guid}")]
    [EndpointName("deleteCategory")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(
        Guid id, [FromQuery][SchemaLimits(MinLength = 4, MaxLength = 36)] string? reassignTo, [FromHeader(Name = IfMatch.HeaderName)] string? ifMatch, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(id, reassignTo, IfMatch.Parse(ifMatch), cancellationToken);
        return NoContent();
    }
}
