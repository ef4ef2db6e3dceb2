using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // ?q= is a case-insensitive substring of the description (ILIKE '%...%'), which no B-tree serves: without
            // this, it read every row of the caller's kind (669 ms at 1,000,000 rows). A trigram GIN index (pg_trgm)
            // finds the rows that contain the text; btree_gin lets the same index hold the owner and the kind, so the
            // index itself keeps to one user's rows of one kind. Both extensions ship with PostgreSQL (contrib) and are
            // trusted, so the database owner may create them; Citus creates them on the workers too.
            //
            // The minAmount/maxAmount and category indexes now carry the column under their expression: a filtered
            // list counts its matches, and PostgreSQL answers a count from the index alone only when every column the
            // query names is in it (without, it read 18,000 heap pages for 100,000 matches).
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE EXTENSION IF NOT EXISTS btree_gin;
                CREATE INDEX ix_transactions_user_id_type_description_trgm
                    ON transactions USING gin (user_id, type, description gin_trgm_ops);

                DROP INDEX ix_transactions_user_id_type_abs_amount;
                CREATE INDEX ix_transactions_user_id_type_abs_amount
                    ON transactions (user_id, type, abs(amount) DESC, created_at DESC, id DESC) INCLUDE (amount);
                DROP INDEX ix_transactions_user_id_type_lower_category;
                CREATE INDEX ix_transactions_user_id_type_lower_category
                    ON transactions (user_id, type, lower(category)) INCLUDE (category);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The extensions stay: other objects of the database may have come to use them.
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_transactions_user_id_type_description_trgm;
                DROP INDEX ix_transactions_user_id_type_abs_amount;
                CREATE INDEX ix_transactions_user_id_type_abs_amount
                    ON transactions (user_id, type, abs(amount) DESC, created_at DESC, id DESC);
                DROP INDEX ix_transactions_user_id_type_lower_category;
                CREATE INDEX ix_transactions_user_id_type_lower_category
                    ON transactions (user_id, type, lower(category));
                """);
        }
    }
}
