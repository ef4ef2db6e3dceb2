using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddExternalId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "transactions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_transactions_user_id_external_id",
                table: "transactions",
                columns: new[] { "user_id", "external_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_transactions_user_id_external_id",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "transactions");
        }
    }
}
