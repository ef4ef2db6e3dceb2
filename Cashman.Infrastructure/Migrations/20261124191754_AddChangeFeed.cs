using System;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddChangeFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_change_seq",
                table: "user_totals",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "change_seq",
                table: "transactions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "change_cursor",
                table: "idempotency_records",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "deleted_transactions",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    change_seq = table.Column<long>(type: "bigint", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deleted_transactions", x => new { x.user_id, x.id });
                });

            // Existing rows enter each owner's feed in the order they were last written, and the owner's position follows.
            // The old trigger is dropped first; the new one numbers every write from here on.
            migrationBuilder.Sql("""
                DROP TRIGGER trg_transactions_totals ON transactions;
                DROP FUNCTION transactions_maintain_totals();

                UPDATE transactions t SET change_seq = n.seq
                FROM (SELECT user_id, id, row_number() OVER (PARTITION BY user_id ORDER BY updated_at, id) AS seq FROM transactions) n
                WHERE t.user_id = n.user_id AND t.id = n.id;

                UPDATE user_totals u SET last_change_seq = n.last
                FROM (SELECT user_id, max(change_seq) AS last FROM transactions GROUP BY user_id) n
                WHERE u.user_id = n.user_id;
                """);
            migrationBuilder.Sql(DatabaseCode.Read(DatabaseCode.TrackChangesFunction));
            migrationBuilder.Sql("""
                CREATE TRIGGER trg_transactions_track_changes
                BEFORE INSERT OR UPDATE OR DELETE ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_track_changes();
                """);

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_change_seq",
                table: "transactions",
                columns: new[] { "user_id", "change_seq" });

            migrationBuilder.CreateIndex(
                name: "ix_deleted_transactions_deleted_at",
                table: "deleted_transactions",
                column: "deleted_at");

            migrationBuilder.CreateIndex(
                name: "ix_deleted_transactions_user_id_change_seq",
                table: "deleted_transactions",
                columns: new[] { "user_id", "change_seq" });

            migrationBuilder.CreateIndex(
                name: "ix_deleted_transactions_user_id_external_id",
                table: "deleted_transactions",
                columns: new[] { "user_id", "external_id" },
                filter: "external_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER trg_transactions_track_changes ON transactions;
                DROP FUNCTION transactions_track_changes();
                """);
            migrationBuilder.Sql(DatabaseCode.Read("transactions_maintain_totals"));
            migrationBuilder.Sql("""
                CREATE TRIGGER trg_transactions_totals
                AFTER INSERT OR DELETE OR UPDATE OF amount, type, user_id, occurred_on ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_maintain_totals();
                """);

            migrationBuilder.DropTable(
                name: "deleted_transactions");

            migrationBuilder.DropIndex(
                name: "ix_transactions_user_id_change_seq",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "last_change_seq",
                table: "user_totals");

            migrationBuilder.DropColumn(
                name: "change_seq",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "change_cursor",
                table: "idempotency_records");
        }
    }
}
