using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class DeclareSearchIndexesInModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing to run: AddSearchIndexes created the extensions and the trigram index with SQL. The model now declares
            // them (HasPostgresExtension, HasMethod, HasOperators), and this migration records that in the snapshot; the
            // SQL EF Core would generate for them is exactly what AddSearchIndexes ran.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: AddSearchIndexes' Down drops the index.
        }
    }
}
