using System;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddMonthTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "user_month_totals",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    income_count = table.Column<long>(type: "bigint", nullable: false),
                    expense_count = table.Column<long>(type: "bigint", nullable: false),
                    total_income = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    total_expenses = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_month_totals", x => new { x.user_id, x.month });
                });

            // Month totals join the running totals: the same trigger keeps both, in the same transaction as the write.
            // It now also fires when occurred_on changes, since that moves a row between months.
            migrationBuilder.Sql(MaintainTotalsFunction);
            migrationBuilder.Sql("""
                DROP TRIGGER trg_transactions_totals ON transactions;
                CREATE TRIGGER trg_transactions_totals
                AFTER INSERT OR DELETE OR UPDATE OF amount, type, user_id, occurred_on ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_maintain_totals();

                INSERT INTO user_month_totals (user_id, month, income_count, expense_count, total_income, total_expenses)
                SELECT user_id,
                       date_trunc('month', occurred_on)::date,
                       count(*) FILTER (WHERE type = 'income'),
                       count(*) FILTER (WHERE type = 'expense'),
                       coalesce(sum(amount) FILTER (WHERE type = 'income'), 0),
                       coalesce(sum(amount) FILTER (WHERE type = 'expense'), 0)
                FROM transactions
                GROUP BY 1, 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the previous trigger, which keeps only the running totals.
            migrationBuilder.Sql("""
                DROP TRIGGER trg_transactions_totals ON transactions;
                CREATE OR REPLACE FUNCTION transactions_maintain_totals() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    sign integer;
                    r transactions%ROWTYPE;
                BEGIN
                    FOR pass IN 1..2 LOOP
                        IF pass = 1 AND TG_OP IN ('UPDATE', 'DELETE') THEN
                            sign := -1; r := OLD;
                        ELSIF pass = 2 AND TG_OP IN ('INSERT', 'UPDATE') THEN
                            sign := 1; r := NEW;
                        ELSE
                            CONTINUE;
                        END IF;

                        INSERT INTO user_totals AS t (user_id, income_count, expense_count, total_income, total_expenses)
                        VALUES (r.user_id,
                                CASE WHEN r.type = 'income' THEN sign ELSE 0 END,
                                CASE WHEN r.type = 'expense' THEN sign ELSE 0 END,
                                CASE WHEN r.type = 'income' THEN sign * r.amount ELSE 0 END,
                                CASE WHEN r.type = 'expense' THEN sign * r.amount ELSE 0 END)
                        ON CONFLICT (user_id) DO UPDATE SET
                            income_count = t.income_count + EXCLUDED.income_count,
                            expense_count = t.expense_count + EXCLUDED.expense_count,
                            total_income = t.total_income + EXCLUDED.total_income,
                            total_expenses = t.total_expenses + EXCLUDED.total_expenses;
                    END LOOP;
                    RETURN NULL;
                END;
                $$;
                CREATE TRIGGER trg_transactions_totals
                AFTER INSERT OR DELETE OR UPDATE OF amount, type, user_id ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_maintain_totals();
                """);

            migrationBuilder.DropTable(
                name: "user_month_totals");
        }

        /// <summary>The trigger function as this migration created it; frozen, as every migration's SQL is.</summary>
        internal const string MaintainTotalsFunction = """
            -- The totals trigger of migrations AddMonthTotals to AddChangeFeed (replaced by transactions_track_changes.sql).
            CREATE OR REPLACE FUNCTION transactions_maintain_totals() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE
                sign integer;
                r transactions%ROWTYPE;
            BEGIN
                FOR pass IN 1..2 LOOP
                    IF pass = 1 AND TG_OP IN ('UPDATE', 'DELETE') THEN
                        sign := -1; r := OLD;
                    ELSIF pass = 2 AND TG_OP IN ('INSERT', 'UPDATE') THEN
                        sign := 1; r := NEW;
                    ELSE
                        CONTINUE;
                    END IF;

                    INSERT INTO user_totals AS t (user_id, income_count, expense_count, total_income, total_expenses)
                    VALUES (r.user_id,
                            CASE WHEN r.type = 'income' THEN sign ELSE 0 END,
                            CASE WHEN r.type = 'expense' THEN sign ELSE 0 END,
                            CASE WHEN r.type = 'income' THEN sign * r.amount ELSE 0 END,
                            CASE WHEN r.type = 'expense' THEN sign * r.amount ELSE 0 END)
                    ON CONFLICT (user_id) DO UPDATE SET
                        income_count = t.income_count + EXCLUDED.income_count,
                        expense_count = t.expense_count + EXCLUDED.expense_count,
                        total_income = t.total_income + EXCLUDED.total_income,
                        total_expenses = t.total_expenses + EXCLUDED.total_expenses;

                    INSERT INTO user_month_totals AS t (user_id, month, income_count, expense_count, total_income, total_expenses)
                    VALUES (r.user_id,
                            date_trunc('month', r.occurred_on)::date,
                            CASE WHEN r.type = 'income' THEN sign ELSE 0 END,
                            CASE WHEN r.type = 'expense' THEN sign ELSE 0 END,
                            CASE WHEN r.type = 'income' THEN sign * r.amount ELSE 0 END,
                            CASE WHEN r.type = 'expense' THEN sign * r.amount ELSE 0 END)
                    ON CONFLICT (user_id, month) DO UPDATE SET
                        income_count = t.income_count + EXCLUDED.income_count,
                        expense_count = t.expense_count + EXCLUDED.expense_count,
                        total_income = t.total_income + EXCLUDED.total_income,
                        total_expenses = t.total_expenses + EXCLUDED.total_expenses;
                END LOOP;
                RETURN NULL;
            END;
            $$;
            """;
    }
}
