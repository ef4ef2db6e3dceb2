using System.Text.Json;
using Cashman.Api.Users;
using Cashman.Domain.Common;
using Cashman.Domain.Imports;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cashman.Api.Imports;

/// <summary>The caller's import profiles, beside the built-in ones (<see cref="BuiltInProfiles"/>), whose names they cannot take.</summary>
public sealed class ImportProfileService(CashmanDbContext db, RequestTransaction requestTransaction, CurrentUser currentUser, TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<ImportProfileListResponse> ListAsync(CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var own = await db.ImportProfiles.AsNoTracking().Where(p => p.UserId == owner).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return new ImportProfileListResponse([.. own.Select(From), .. BuiltInProfiles.All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(ImportProfileResponse.From)]);
    }

    public async Task<ImportProfileResponse> GetAsync(string name, CancellationToken cancellationToken) =>
        BuiltInProfiles.Named(name) is { } builtIn
            ? ImportProfileResponse.From(builtIn)
            : From(await FindAsync(name, cancellationToken) ?? throw new NotFoundException());

    /// <summary>The mapping of a profile that <c>POST /imports?profile=</c> names.</summary>
    /// <exception cref="DomainValidationException">No profile has this name: a 400 naming <c>profile</c>.</exception>
    public async Task<ImportMapping> MappingAsync(string name, CancellationToken cancellationToken) =>
        BuiltInProfiles.Named(name)?.Mapping
        ?? (await FindAsync(name, cancellationToken) is { } own
            ? Read(own)
            : throw DomainValidationException.For("profile", "Neither you nor Cashman has a profile of this name (GET /imports/profiles lists them)."));

    /// <summary>Creates or replaces a profile of the caller.</summary>
    /// <returns>The profile, and whether it is new.</returns>
    public async Task<(ImportProfileResponse Profile, bool Created)> PutAsync(string name, ImportMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var key = ImportProfile.NameOf(name);
        if (BuiltInProfiles.Named(key) is not null)
        {
            throw new ConflictException("A built-in profile has this name; built-in profiles cannot be changed. Choose another name.");
        }

        // Stored as the mapping's own JSON, without the fields a response adds.
        var text = JsonSerializer.Serialize(new ImportMapping().OverriddenBy(mapping), Json);
        var owner = currentUser.Id;
        var now = timeProvider.GetUtcNow();
        var (profile, created) = await requestTransaction.ExecuteAsync(
            async (context, c) =>
            {
                context.ChangeTracker.Clear();
                await context.LockOwnerAsync(owner, c);
                var profile = await context.ImportProfiles.SingleOrDefaultAsync(p => p.UserId == owner && p.Name == key, c);
                var created = profile is null;
                if (profile is null)
                {
                    if (await context.ImportProfiles.CountAsync(p => p.UserId == owner, c) >= ImportProfile.MaxPerUser)
                    {
                        throw new ConflictException($"You have {ImportProfile.MaxPerUser} import profiles, the most a user may have.");
                    }

                    profile = new ImportProfile(owner, key, text, now);
                    context.ImportProfiles.Add(profile);
                }
                else
                {
                    profile.Replace(text, now);
                }

                await context.SaveChangesAsync(c);
                return (profile, created);
            },
            (context, c) => context.ImportProfiles.AnyAsync(p => p.UserId == owner && p.Name == key && p.UpdatedAt == now, c),
            cancellationToken);
        return (From(profile), created);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (BuiltInProfiles.Named(name) is not null)
        {
            throw new ConflictException("Built-in profiles cannot be deleted.");
        }

        var owner = currentUser.Id;
        var key = name.ToLowerInvariant();
        await requestTransaction.ExecuteAsync(
            async (context, c) => await context.ImportProfiles.Where(p => p.UserId == owner && p.Name == key).ExecuteDeleteAsync(c) > 0
                ? true
                : throw new NotFoundException(),
            async (context, c) => !await context.ImportProfiles.AnyAsync(p => p.UserId == owner && p.Name == key, c),
            cancellationToken);
    }

    private Task<ImportProfile?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var owner = currentUser.Id;
        var key = name.ToLowerInvariant();
        return db.ImportProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == owner && p.Name == key, cancellationToken);
    }

    private static ImportMapping Read(ImportProfile profile) => JsonSerializer.Deserialize<ImportMapping>(profile.Mapping, Json)!;

    private static ImportProfileResponse From(ImportProfile profile) => ImportProfileResponse.From(profile, Read(profile));
}
