using Cashman.Infrastructure.Persistence;
using Cashman.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cashman.Tests.Integration.Operations;

/// <summary>
/// SPEC "Scale", read from PostgreSQL's catalog: the schema can be sharded by user. Every user-owned table carries
/// <c>user_id</c>, and its primary key, every unique constraint and every foreign key to another user-owned table include
/// it (a key without it is what Citus refuses to distribute).
/// </summary>
public sealed class SchemaTests
{
    /// <summary>Lookups into an account by something else than its id, sharded by that (or copied to every node).</summary>
    private static readonly string[] Lookups = ["user_emails", "legacy_credentials"];

    [TestCase(DatabaseCode.TrackChangesFunction)]
    [TestCase(DatabaseCode.CategoryOfFunction)]
    public async Task TheDatabaseRunsExactlyTheFunctionsKeptUnderPersistenceSql(string function)
    {
        await using var db = TestDatabase.Inspect();
        var source = await db.Database.SqlQuery<string>(
            $"SELECT prosrc AS \"Value\" FROM pg_proc WHERE proname = {function}").ToListAsync();
        Assert.That(source, Is.EqualTo(new[] { DatabaseCode.FunctionBody(function) }));
        var triggers = await db.Database.SqlQuery<string>(
            $"SELECT tgname::text AS \"Value\" FROM pg_trigger WHERE tgrelid = 'transactions'::regclass AND NOT tgisinternal").ToListAsync();
        Assert.That(triggers, Is.EqualTo(new[] { "trg_transactions_track_changes" }));
    }

    [Test]
    public async Task EveryIndexInTheDatabaseIsDeclaredInTheModelOrNamedInItsConfiguration()
    {
        await using var db = TestDatabase.Inspect();
        var declared = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetIndexes().Select(i => i.GetDatabaseName()).Concat(e.GetKeys().Select(k => k.GetName())))
            .OfType<string>()
            .Concat(TransactionConfiguration.ExpressionIndexes.Keys)
            .Append("pk___ef_migrations_history")
            .Distinct()
            .Order();
        var existing = await NamesAsync("SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname");

        Assert.That(existing, Is.EquivalentTo(declared));
        foreach (var (name, definition) in TransactionConfiguration.ExpressionIndexes)
        {
            var actual = await NamesAsync($"SELECT indexdef FROM pg_indexes WHERE indexname = '{name}'");
            Assert.That(actual.Single(), Does.EndWith(definition), name);
        }
    }

    [Test]
    public async Task DescriptionSearchHasATrigramIndexOverTheOwnersRowsOfOneKind()
    {
        var definitions = await NamesAsync(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'transactions' AND indexname = 'ix_transactions_user_id_type_description_trgm'");

        Assert.That(definitions, Has.Count.EqualTo(1));
        Assert.That(definitions[0], Does.Contain("USING gin (user_id, type, description gin_trgm_ops)"));
    }

    [Test]
    public async Task EveryUserOwnedTableCarriesUserId()
    {
        var tables = await NamesAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        var withUserId = await NamesAsync("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'");

        // The operator's shared exchange rates and the service's data-protection keys belong to no user: reference tables on Citus.
        var owned = tables.Except(["users", "__ef_migrations_history", "shared_rates", "data_protection_keys"]).ToList();
        Assert.That(owned, Is.SupersetOf(new[] { "transactions", "sessions", "refresh_tokens", "api_keys", "user_totals", "account_day_totals", "accounts", "user_settings", "user_rates", "idempotency_records" }));
        Assert.That(withUserId, Is.SupersetOf(owned));
    }

    [Test]
    public async Task EveryUserOwnedTableHasAPrimaryKeyThatIncludesUserId()
    {
        var owned = await UserOwnedTablesAsync();
        var withOwnerInPrimaryKey = await NamesAsync("""
            SELECT c.relname FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid AND c.relnamespace = 'public'::regnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'user_id' AND a.attnum = ANY (k.conkey)
            WHERE k.contype = 'p'
            """);
        Assert.That(withOwnerInPrimaryKey, Is.SupersetOf(owned));
    }

    [Test]
    public async Task NoUniqueConstraintOrIndexOfAUserOwnedTableLeavesOutUserId()
    {
        var owned = await UserOwnedTablesAsync();
        var unique = await NamesAsync("""
            SELECT c.relname || '.' || i.relname FROM pg_index x
            JOIN pg_class c ON c.oid = x.indrelid AND c.relnamespace = 'public'::regnamespace
            JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indisunique
              AND c.relname = ANY (@owned)
              AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND a.attnum = ANY (x.indkey))
            """, owned);
        Assert.That(unique, Is.Empty);
    }

    [Test]
    public async Task EveryForeignKeyBetweenUserOwnedTablesMatchesUserIdToItsOwner()
    {
        var owned = await UserOwnedTablesAsync();
        var foreignKeys = await NamesAsync("""
            SELECT k.conname FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid AND c.relnamespace = 'public'::regnamespace
            WHERE k.contype = 'f' AND c.relname = ANY (@owned)
            """, owned);
        var withoutOwner = await NamesAsync("""
            SELECT k.conname FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid AND c.relnamespace = 'public'::regnamespace
            JOIN pg_class r ON r.oid = k.confrelid
            WHERE k.contype = 'f' AND c.relname = ANY (@owned)
              AND NOT EXISTS (
                SELECT 1 FROM unnest(k.conkey, k.confkey) AS pair(local, remote)
                JOIN pg_attribute l ON l.attrelid = k.conrelid AND l.attnum = pair.local
                JOIN pg_attribute p ON p.attrelid = k.confrelid AND p.attnum = pair.remote
                WHERE l.attname = 'user_id' AND p.attname = CASE WHEN r.relname = 'users' THEN 'id' ELSE 'user_id' END)
            """, owned);
        Assert.That(foreignKeys, Does.Contain("fk_refresh_tokens_sessions_user_id_session_id").And.Contain("fk_transactions_users_user_id"));
        Assert.That(withoutOwner, Is.Empty);
    }

    [Test]
    public async Task TheOnlyTablesWithAnOwnerButShardedOtherwiseAreTheLookups()
    {
        await using var db = TestDatabase.Inspect();
        var modelOwned = db.Model.GetEntityTypes()
            .Where(e => e.BaseType is null && Distribution.PlacementOf(e) == Placement.ByUser && e.GetTableName() != Distribution.UsersTable)
            .Select(e => e.GetTableName()!);
        Assert.That(modelOwned, Is.EquivalentTo(await UserOwnedTablesAsync()));
    }

    [Test]
    public async Task ATableALaterMigrationAddsWithAnOwnerGetsItsForeignKeyAndOnCitusItsShards()
    {
        const string Table = "later_notes";
        MigrationOperation[] migration =
        [
            new CreateTableOperation
            {
                Name = Table,
                Columns =
                {
                    new AddColumnOperation { Name = "user_id", Table = Table, ClrType = typeof(Guid), ColumnType = "uuid" },
                    new AddColumnOperation { Name = "id", Table = Table, ClrType = typeof(Guid), ColumnType = "uuid" },
                },
                PrimaryKey = new AddPrimaryKeyOperation { Name = "pk_later_notes", Table = Table, Columns = ["user_id", "id"] },
                ForeignKeys =
                {
                    new AddForeignKeyOperation
                    {
                        Name = "fk_later_notes_users_user_id", Table = Table, Columns = ["user_id"],
                        PrincipalTable = "users", PrincipalColumns = ["id"], OnDelete = ReferentialAction.Cascade,
                    },
                },
            },
        ];

        await using var db = TestDatabase.Inspect();
        try
        {
            var commands = db.GetService<IMigrationsSqlGenerator>().Generate(migration, db.Model);
            await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>());

            var foreignKeys = await NamesAsync($"SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = '{Table}'::regclass");
            Assert.That(foreignKeys, Is.EqualTo(new[] { "fk_later_notes_users_user_id" }));
            if (TestDatabase.IsCitus)
            {
                var placement = await NamesAsync($"""
                    SELECT t.distribution_column || ' ' || (t.colocation_id = u.colocation_id)::text
                    FROM citus_tables t, citus_tables u WHERE t.table_name = '{Table}'::regclass AND u.table_name = 'users'::regclass
                    """);
                Assert.That(placement, Is.EqualTo(new[] { "user_id true" }), "sharded by user_id next to users");
            }
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS {Table}");
        }
    }

    /// <summary>Every table with a <c>user_id</c> column except the lookups.</summary>
    private static async Task<List<string>> UserOwnedTablesAsync() =>
        [.. (await NamesAsync("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'")).Except(Lookups)];

    private static async Task<List<string>> NamesAsync(string sql, IReadOnlyList<string>? owned = null)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.InspectionConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (owned is not null)
        {
            command.Parameters.AddWithValue("owned", owned.ToArray());
        }

        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
