using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Expression indexes (EF Core's model cannot describe them, so they live here only):
            // - sort=amount and the minAmount/maxAmount filters on the absolute amount, with the list's tie-break;
            // - the case-insensitive category filter and its count.
            migrationBuilder.Sql("""
                CREATE INDEX ix_transactions_user_id_type_abs_amount
                    ON transactions (user_id, type, abs(amount) DESC, created_at DESC, id DESC);
                CREATE INDEX ix_transactions_user_id_type_lower_category
                    ON transactions (user_id, type, lower(category));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_transactions_user_id_type_abs_amount;
                DROP INDEX IF EXISTS ix_transactions_user_id_type_lower_category;
                """);
        }
    }
}
