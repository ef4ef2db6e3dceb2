using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <summary>
    /// Accounts opened through the API without an <c>openingDate</c> before this fix were stored as opened on 0001-01-01
    /// instead of on their creation day (in the owner's time zone), which SPEC "Money" makes the default. No client can
    /// send that date (the earliest it may is 1900-01-01), so every such row is one of them; each gets its creation day
    /// and a new version, so a cached <c>ETag</c> no longer matches the changed answer. Nothing else changes.
    /// </summary>
    public partial class RepairAccountOpeningDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One statement per zone, so a zone the server's time zone data lacks (the API checks zones against .NET's)
            // falls back to UTC instead of failing the upgrade.
            migrationBuilder.Sql("""
                DO $repair$
                DECLARE
                    zone text;
                    known text;
                BEGIN
                    FOR zone IN
                        SELECT DISTINCT s.time_zone FROM user_settings s
                        JOIN accounts a ON a.user_id = s.user_id
                        WHERE a.opening_date = DATE '0001-01-01'
                    LOOP
                        known := CASE WHEN EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = zone) THEN zone ELSE 'UTC' END;
                        UPDATE accounts a
                        SET opening_date = (a.created_at AT TIME ZONE known)::date, version = gen_random_uuid()
                        FROM user_settings s
                        WHERE s.user_id = a.user_id AND s.time_zone = zone AND a.opening_date = DATE '0001-01-01';
                    END LOOP;
                END
                $repair$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The dates it wrote are the right ones: going back leaves them.
        }
    }
}
