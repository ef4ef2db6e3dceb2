using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;

namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// Lets a later migration add a user-owned table to a database that Citus already distributes. Citus refuses a foreign
/// key from a local table to a distributed one, so a new table with a <c>user_id</c> is created without its foreign keys,
/// distributed by <c>user_id</c> next to <c>users</c> when <c>users</c> is distributed, and then given its foreign keys.
/// On plain PostgreSQL, and before the first distribution, the distribution step does nothing and the result is the
/// usual table; <see cref="Distribution.MigrateAndDistributeAsync"/> distributes whatever else is new after the migrations.
/// </summary>
#pragma warning disable EF1001 // The provider's generator takes its options through this interface; nothing else internal is used.
public sealed class DistributingMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions npgsqlOptions)
    : NpgsqlMigrationsSqlGenerator(dependencies, npgsqlOptions)
#pragma warning restore EF1001
{
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(builder);
        if (!operation.Columns.Any(c => c.Name == Distribution.OwnerColumn))
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }

        var foreignKeys = operation.ForeignKeys.ToList();
        operation.ForeignKeys.Clear();
        try
        {
            base.Generate(operation, model, builder, terminate: true);
        }
        finally
        {
            operation.ForeignKeys.AddRange(foreignKeys);
        }

        var table = operation.Name.Replace("'", "''", StringComparison.Ordinal);
        builder.AppendLine($$"""
            DO $distribute$
            DECLARE
                users_distributed boolean := false;
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
                    EXECUTE 'SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass(''{{Distribution.UsersTable}}''))'
                        INTO users_distributed;
                    IF users_distributed THEN
                        EXECUTE format('SELECT create_distributed_table(%L, %L, colocate_with => %L)',
                                       quote_ident('{{table}}'), '{{Distribution.OwnerColumn}}', '{{Distribution.UsersTable}}');
                    END IF;
                END IF;
            END
            $distribute$;
            """);
        builder.EndCommand();
        foreach (var foreignKey in foreignKeys)
        {
            Generate(foreignKey, model, builder, terminate: true);
        }
    }
}
