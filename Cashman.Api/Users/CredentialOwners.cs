using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Users;

/// <summary>
/// Who a presented API key or refresh token claims to belong to, so that the credential is then looked up by owner and
/// hash, on the owner's shard. New secrets carry their owner; those issued before they did are found, by hash, in the
/// small <c>legacy_credentials</c> table the upgrade wrote. The claim is only a routing hint: the stored hash decides.
/// </summary>
public sealed class CredentialOwners(CashmanDbContext db)
{
    private static readonly Func<CashmanDbContext, string, CancellationToken, Task<Guid?>> FindLegacyOwner = EF.CompileAsyncQuery(
        (CashmanDbContext db, string hash, CancellationToken _) =>
            db.LegacyCredentials.Where(c => c.SecretHash == hash).Select(c => (Guid?)c.UserId).SingleOrDefault());

    public async Task<Guid?> FindAsync(string secret, string hash, CancellationToken cancellationToken) =>
        SecretGenerator.TryReadOwner(secret, out var owner) ? owner : await FindLegacyOwner(db, hash, cancellationToken);
}
