using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddRecurringTransactions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recurring_transactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    category_id = table.Column<Guid>(type: "uuid", nullable: true),
                    to_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    to_amount = table.Column<decimal>(type: "numeric", nullable: true),
                    to_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    rule = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    auto_post = table.Column<bool>(type: "boolean", nullable: false),
                    next_on = table.Column<DateOnly>(type: "date", nullable: true),
                    next_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recurring_transactions", x => new { x.user_id, x.id });
                    table.CheckConstraint("ck_recurring_transactions_ends_on", "ends_on IS NULL OR ends_on >= starts_on");
                    table.CheckConstraint("ck_recurring_transactions_kind", "kind IN ('income', 'expense', 'transfer')");
                    table.ForeignKey(
                        name: "fk_recurring_transactions_accounts_user_id_account_id",
                        columns: x => new { x.user_id, x.account_id },
                        principalTable: "accounts",
                        principalColumns: new[] { "user_id", "id" });
                    table.ForeignKey(
                        name: "fk_recurring_transactions_accounts_user_id_to_account_id",
                        columns: x => new { x.user_id, x.to_account_id },
                        principalTable: "accounts",
                        principalColumns: new[] { "user_id", "id" });
                    table.ForeignKey(
                        name: "fk_recurring_transactions_categories_user_id_category_id",
                        columns: x => new { x.user_id, x.category_id },
                        principalTable: "categories",
                        principalColumns: new[] { "user_id", "id" });
                    table.ForeignKey(
                        name: "fk_recurring_transactions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recurring_occurrences",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recurring_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    transaction_id = table.Column<Guid>(type: "uuid", nullable: true),
                    skipped = table.Column<bool>(type: "boolean", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: true),
                    description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recurring_occurrences", x => new { x.user_id, x.recurring_id, x.day });
                    table.ForeignKey(
                        name: "fk_recurring_occurrences_recurring_transactions_user_id_recurring_id",
                        columns: x => new { x.user_id, x.recurring_id },
                        principalTable: "recurring_transactions",
                        principalColumns: new[] { "user_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recurring_occurrences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recurring_transactions_next_due_at",
                table: "recurring_transactions",
                column: "next_due_at",
                filter: "next_due_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_recurring_transactions_user_id_account_id",
                table: "recurring_transactions",
                columns: new[] { "user_id", "account_id" });

            migrationBuilder.CreateIndex(
                name: "ix_recurring_transactions_user_id_category_id",
                table: "recurring_transactions",
                columns: new[] { "user_id", "category_id" },
                filter: "category_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_recurring_transactions_user_id_to_account_id",
                table: "recurring_transactions",
                columns: new[] { "user_id", "to_account_id" },
                filter: "to_account_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recurring_occurrences");

            migrationBuilder.DropTable(
                name: "recurring_transactions");
        }
    }
}
