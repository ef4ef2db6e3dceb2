using Cashman.Domain.Accounts;
using Cashman.Domain.Common;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Users;

/// <summary>The caller's API keys: created with the secret shown once, listed without it, revoked for good.</summary>
public sealed class ApiKeyService(CashmanDbContext db, CurrentUser currentUser, TimeProvider timeProvider)
{
    private const int DisplayPrefixLength = 10;

    /// <summary>An account holds at most this many active keys, so that the list is bounded.</summary>
    public const int MaxActiveKeys = 100;

    public async Task<ApiKeyCreatedResponse> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = currentUser.Id;
        var now = timeProvider.GetUtcNow();
        var secret = SecretGenerator.NewApiKey(owner);
        var key = new ApiKey(Guid.CreateVersion7(now), owner, request.Name, secret[..DisplayPrefixLength], SecretGenerator.Hash(secret), now);

        // Counted with the user locked, so that concurrent creates cannot all see room for one more.
        await db.WithUserLockedAsync(
            owner,
            async (context, _, c) =>
            {
                if (await context.ApiKeys.CountAsync(k => k.UserId == owner && k.RevokedAt == null, c) >= MaxActiveKeys)
                {
                    throw new ConflictException($"An account can hold at most {MaxActiveKeys} active API keys; revoke one first.");
                }

                context.ApiKeys.Add(key);
            },
            (context, c) => context.ApiKeys.AnyAsync(k => k.UserId == owner && k.Id == key.Id, c),
            cancellationToken);
        return new ApiKeyCreatedResponse(key.Id, key.Name, secret, key.CreatedAt);
    }

    public async Task<IReadOnlyList<ApiKeyResponse>> ListAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        return await db.ApiKeys.AsNoTracking()
            .Where(k => k.UserId == userId && k.RevokedAt == null)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id;
        var now = timeProvider.GetUtcNow();
        var revoked = await db.ApiKeys
            .Where(k => k.Id == id && k.UserId == userId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        if (revoked == 0)
        {
            throw new NotFoundException();
        }
    }
}
