using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cashman.Infrastructure.Persistence;

/// <summary>How each table is placed on a Citus cluster.</summary>
public enum Placement
{
    /// <summary>Sharded by its owner's id, co-located with <c>users</c>: one user's rows of every table sit on one node.</summary>
    ByUser,

    /// <summary>Sharded by its own key (a lookup from something other than the user id to the user).</summary>
    ByOwnKey,

    /// <summary>One copy on every node.</summary>
    Reference,
}

/// <summary>
/// The schema distributed by user (SPEC "Scale"). <see cref="MigrateAndDistributeAsync"/> applies the migrations and, when the
/// database has the Citus extension, distributes every table: <c>users</c> by <c>id</c>, every table with a
/// <c>user_id</c> by it, co-located with <c>users</c>, the lookups by their own key or as reference tables, and whatever
/// else there is (the migrations history, tables added later without an owner) as reference tables. Tables already
/// distributed are left alone, so it can run any number of times, and tables added by later migrations are included.
/// On plain PostgreSQL it only migrates.
/// </summary>
public static class Distribution
{
    public const string UsersTable = "users";
    public const string OwnerColumn = "user_id";

    /// <summary>
    /// Lets the rest of the current database transaction touch every shard: background work that looks for its work across
    /// users (the purge, the search for due recurring transactions) while the API's connections run with
    /// <c>citus.multi_task_query_log_level = error</c>. A placeholder setting on plain PostgreSQL.
    /// </summary>
    public static Task AllowEveryShardAsync(this CashmanDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlRawAsync("SET LOCAL citus.multi_task_query_log_level = 'off'", cancellationToken);
    }

    /// <summary>Whether the database has the Citus extension.</summary>
    public static async Task<bool> IsCitusAsync(this CashmanDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Database.SqlQueryRaw<bool>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS \"Value\"")
            .SingleAsync(cancellationToken);
    }

    /// <summary>Applies pending migrations, then distributes what is not distributed yet when the database runs Citus.</summary>
    /// <param name="db">The context to migrate with.</param>
    /// <param name="defaultCurrency">The currency of the accounts the AddMoney migration gives existing users (USD when null).</param>
    /// <param name="cancellationToken">Aborts the work.</param>
    public static async Task MigrateAndDistributeAsync(this CashmanDbContext db, string? defaultCurrency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Migrating creates a missing database; so does this, first, so that the setting below is made on the connection
        // the migrations then use.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var citus = await db.IsCitusAsync(cancellationToken);
            if (citus)
            {
                // The running totals are kept by a trigger on transactions that touches only the same user's rows of
                // co-located tables (user_totals, accounts, the day totals), so it is safe on shards; Citus asks to be told.
                await db.Database.ExecuteSqlRawAsync("SET citus.enable_unsafe_triggers = on", cancellationToken);
            }

            if (defaultCurrency is not null)
            {
                await db.Database.ExecuteSqlAsync($"SELECT set_config('cashman.default_currency', {defaultCurrency}, false)", cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
            if (citus)
            {
                await DistributeAsync(db, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Where each table of the model goes; tables outside the model are reference tables.</summary>
    public static Placement PlacementOf(IEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return entityType.ClrType == typeof(UserEmail) ? Placement.ByOwnKey
            : entityType.ClrType == typeof(LegacyCredential) ? Placement.Reference
            : entityType.GetTableName() == UsersTable || HasOwner(entityType) ? Placement.ByUser
            : Placement.Reference;
    }

    /// <summary>The column a table is sharded by (<c>users.id</c> for users), or null for a reference table.</summary>
    public static string? DistributionColumn(IEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return PlacementOf(entityType) switch
        {
            Placement.ByUser => entityType.GetTableName() == UsersTable ? "id" : OwnerColumn,
            Placement.ByOwnKey => entityType.FindPrimaryKey()!.Properties.Single().GetColumnName(),
            _ => null,
        };
    }

    private static bool HasOwner(IEntityType entityType) => entityType.GetProperties().Any(p => p.GetColumnName() == OwnerColumn);

    private static async Task DistributeAsync(CashmanDbContext db, CancellationToken cancellationToken)
    {
        var distributed = (await db.Database.SqlQueryRaw<string>(
                "SELECT c.relname AS \"Value\" FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid")
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        // A table can be distributed only after the tables its foreign keys point to: users first, then the rest in
        // dependency order.
        var pending = db.Model.GetEntityTypes()
            .Where(e => e.BaseType is null && e.GetTableName() is { } name && !distributed.Contains(name))
            .ToList();
        var newly = new List<string>();
        var withTriggersOff = new List<string>();
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(e => e.GetForeignKeys()
                    .All(fk => fk.PrincipalEntityType.GetTableName() == e.GetTableName() || distributed.Contains(fk.PrincipalEntityType.GetTableName()!)))
                ?? throw new InvalidOperationException("The foreign keys between tables form a cycle; they cannot be distributed in order.");
            var table = ready.GetTableName()!;
            if (DistributionColumn(ready) is not { } column)
            {
                await db.Database.ExecuteSqlAsync($"SELECT create_reference_table(quote_ident({table})::regclass)", cancellationToken);
            }
            else
            {
                // Rows already there are copied into the shards; the copy must not fire the totals trigger again (the
                // totals were copied too), so triggers are off until every table is distributed.
                var colocation = PlacementOf(ready) == Placement.ByOwnKey ? "none" : table == UsersTable ? "default" : UsersTable;
                await SwitchUserTriggersAsync(db, table, on: false, cancellationToken);
                await db.Database.ExecuteSqlAsync(
                    $"SELECT create_distributed_table(quote_ident({table})::regclass, {column}, colocate_with => {colocation})",
                    cancellationToken);
                withTriggersOff.Add(table);
            }

            newly.Add(table);
            distributed.Add(table);
            pending.Remove(ready);
        }

        // Whatever is not in the model (the migrations history) is copied to every node.
        var others = await db.Database.SqlQueryRaw<string>("SELECT tablename AS \"Value\" FROM pg_tables WHERE schemaname = current_schema()")
            .ToListAsync(cancellationToken);
        foreach (var table in others.Where(t => !distributed.Contains(t)))
        {
            await db.Database.ExecuteSqlAsync($"SELECT create_reference_table(quote_ident({table})::regclass)", cancellationToken);
            newly.Add(table);
        }

        foreach (var table in withTriggersOff)
        {
            await SwitchUserTriggersAsync(db, table, on: true, cancellationToken);
        }

        // Rows that were there before distribution were copied to the shards; drop the coordinator's local copies.
        foreach (var table in newly)
        {
            await db.Database.ExecuteSqlAsync($"SELECT truncate_local_data_after_distributing_table(quote_ident({table})::regclass)", cancellationToken);
        }
    }

    /// <summary>ALTER TABLE takes no parameters: the table name (from the model or the catalog) is quoted as an identifier.</summary>
    private static Task<int> SwitchUserTriggersAsync(CashmanDbContext db, string table, bool on, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            string.Concat("ALTER TABLE \"", table.Replace("\"", "\"\"", StringComparison.Ordinal), on ? "\" ENABLE" : "\" DISABLE", " TRIGGER USER"),
            cancellationToken);
}
