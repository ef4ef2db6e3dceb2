using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class DistributeByUser : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_refresh_tokens_sessions_session_id",
                table: "refresh_tokens");

            migrationBuilder.DropIndex(
                name: "ux_users_normalized_email",
                table: "users");

            migrationBuilder.DropPrimaryKey(
                name: "pk_transactions",
                table: "transactions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_sessions",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "ix_sessions_user_id",
                table: "sessions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_refresh_tokens",
                table: "refresh_tokens");

            migrationBuilder.DropIndex(
                name: "ix_refresh_tokens_session_id",
                table: "refresh_tokens");

            migrationBuilder.DropIndex(
                name: "ix_refresh_tokens_token_hash",
                table: "refresh_tokens");

            migrationBuilder.DropIndex(
                name: "ix_refresh_tokens_user_id",
                table: "refresh_tokens");

            migrationBuilder.DropPrimaryKey(
                name: "pk_api_keys",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "ix_api_keys_key_hash",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "ix_api_keys_user_id",
                table: "api_keys");

            // xmin was never a column: the new row version is, with a fresh random value for every existing row.
            migrationBuilder.AddColumn<Guid>(
                name: "version",
                table: "transactions",
                type: "uuid",
                nullable: false,
                defaultValueSql: "gen_random_uuid()");

            migrationBuilder.AddPrimaryKey(
                name: "pk_transactions",
                table: "transactions",
                columns: new[] { "user_id", "id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_sessions",
                table: "sessions",
                columns: new[] { "user_id", "id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_refresh_tokens",
                table: "refresh_tokens",
                columns: new[] { "user_id", "id" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_api_keys",
                table: "api_keys",
                columns: new[] { "user_id", "id" });

            migrationBuilder.CreateTable(
                name: "legacy_credentials",
                columns: table => new
                {
                    secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legacy_credentials", x => x.secret_hash);
                });

            migrationBuilder.CreateTable(
                name: "user_emails",
                columns: table => new
                {
                    normalized_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_emails", x => x.normalized_email);
                });

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_user_id_session_id",
                table: "refresh_tokens",
                columns: new[] { "user_id", "session_id" });

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_user_id_token_hash",
                table: "refresh_tokens",
                columns: new[] { "user_id", "token_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_user_id_key_hash",
                table: "api_keys",
                columns: new[] { "user_id", "key_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legacy_credentials_user_id",
                table: "legacy_credentials",
                column: "user_id");

            // Every account keeps its address; every secret issued so far (API keys not revoked, refresh tokens not
            // expired, rotated ones included so that their reuse is still detected) keeps finding its owner.
            migrationBuilder.Sql("""
                INSERT INTO user_emails (normalized_email, user_id)
                SELECT normalized_email, id FROM users;

                INSERT INTO legacy_credentials (secret_hash, user_id, expires_at)
                SELECT key_hash, user_id, NULL FROM api_keys WHERE revoked_at IS NULL
                UNION ALL
                SELECT token_hash, user_id, expires_at FROM refresh_tokens WHERE expires_at > now();
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_refresh_tokens_sessions_user_id_session_id",
                table: "refresh_tokens",
                columns: new[] { "user_id", "session_id" },
                principalTable: "sessions",
                principalColumns: new[] { "user_id", "id" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_refresh_tokens_sessions_user_id_session_id",
                table: "refresh_tokens");

            migrationBuilder.DropTable(
                name: "legacy_credentials");

            migrationBuilder.DropTable(
                name: "user_emails");

            migrationBuilder.DropPrimaryKey(
                name: "pk_transactions",
                table: "transactions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_sessions",
                table: "sessions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_refresh_tokens",
                table: "refresh_tokens");

            migrationBuilder.DropIndex(
                name: "ix_refresh_tokens_user_id_session_id",
                table: "refresh_tokens");

            migrationBuilder.DropIndex(
                name: "ix_refresh_tokens_user_id_token_hash",
                table: "refresh_tokens");

            migrationBuilder.DropPrimaryKey(
                name: "pk_api_keys",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "ix_api_keys_user_id_key_hash",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "version",
                table: "transactions");

            migrationBuilder.AddPrimaryKey(
                name: "pk_transactions",
                table: "transactions",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_sessions",
                table: "sessions",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_refresh_tokens",
                table: "refresh_tokens",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_api_keys",
                table: "api_keys",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ux_users_normalized_email",
                table: "users",
                column: "normalized_email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sessions_user_id",
                table: "sessions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_session_id",
                table: "refresh_tokens",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_token_hash",
                table: "refresh_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_user_id",
                table: "refresh_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_key_hash",
                table: "api_keys",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_user_id",
                table: "api_keys",
                column: "user_id");

            migrationBuilder.AddForeignKey(
                name: "fk_refresh_tokens_sessions_session_id",
                table: "refresh_tokens",
                column: "session_id",
                principalTable: "sessions",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
