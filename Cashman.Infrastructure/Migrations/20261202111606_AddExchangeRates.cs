using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddExchangeRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "shared_rates",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    @base = table.Column<string>(name: "base", type: "character varying(3)", maxLength: 3, nullable: false),
                    quote = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    rate = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shared_rates", x => new { x.@base, x.quote, x.day });
                    table.CheckConstraint("ck_shared_rates_rate", "rate > 0");
                });

            migrationBuilder.CreateTable(
                name: "user_rates",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    @base = table.Column<string>(name: "base", type: "character varying(3)", maxLength: 3, nullable: false),
                    quote = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    rate = table.Column<decimal>(type: "numeric", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_rates", x => new { x.user_id, x.@base, x.quote, x.day });
                    table.CheckConstraint("ck_user_rates_rate", "rate > 0");
                    table.ForeignKey(
                        name: "fk_user_rates_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "shared_rates");

            migrationBuilder.DropTable(
                name: "user_rates");
        }
    }
}
