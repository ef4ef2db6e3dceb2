using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddRunningTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transactions_user_id_type_occurred_on_created_at_id",
                table: "transactions");

            migrationBuilder.CreateTable(
                name: "user_totals",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    income_count = table.Column<long>(type: "bigint", nullable: false),
                    expense_count = table.Column<long>(type: "bigint", nullable: false),
                    total_income = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    total_expenses = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_totals", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_type_occurred_on_created_at_id",
                table: "transactions",
                columns: new[] { "user_id", "type", "occurred_on", "created_at", "id" },
                descending: new[] { false, false, true, true, true })
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });

            // The running totals are kept by the database, in the same transaction as each write, whatever
            // wrote it (the API, a bulk load, a manual fix). Row locks on user_totals serialize concurrent
            // writers of one user, so the totals stay exact.
            migrationBuilder.Sql("""
                CREATE FUNCTION transactions_maintain_totals() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        INSERT INTO user_totals AS t (user_id, income_count, expense_count, total_income, total_expenses)
                        VALUES (OLD.user_id,
                                CASE WHEN OLD.type = 'income' THEN -1 ELSE 0 END,
                                CASE WHEN OLD.type = 'expense' THEN -1 ELSE 0 END,
                                CASE WHEN OLD.type = 'income' THEN -OLD.amount ELSE 0 END,
                                CASE WHEN OLD.type = 'expense' THEN -OLD.amount ELSE 0 END)
                        ON CONFLICT (user_id) DO UPDATE SET
                            income_count = t.income_count + EXCLUDED.income_count,
                            expense_count = t.expense_count + EXCLUDED.expense_count,
                            total_income = t.total_income + EXCLUDED.total_income,
                            total_expenses = t.total_expenses + EXCLUDED.total_expenses;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO user_totals AS t (user_id, income_count, expense_count, total_income, total_expenses)
                        VALUES (NEW.user_id,
                                CASE WHEN NEW.type = 'income' THEN 1 ELSE 0 END,
                                CASE WHEN NEW.type = 'expense' THEN 1 ELSE 0 END,
                                CASE WHEN NEW.type = 'income' THEN NEW.amount ELSE 0 END,
                                CASE WHEN NEW.type = 'expense' THEN NEW.amount ELSE 0 END)
                        ON CONFLICT (user_id) DO UPDATE SET
                            income_count = t.income_count + EXCLUDED.income_count,
                            expense_count = t.expense_count + EXCLUDED.expense_count,
                            total_income = t.total_income + EXCLUDED.total_income,
                            total_expenses = t.total_expenses + EXCLUDED.total_expenses;
                    END IF;
                    RETURN NULL;
                END;
                $$;

                CREATE TRIGGER trg_transactions_totals
                AFTER INSERT OR DELETE OR UPDATE OF amount, type, user_id ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_maintain_totals();

                INSERT INTO user_totals (user_id, income_count, expense_count, total_income, total_expenses)
                SELECT user_id,
                       count(*) FILTER (WHERE type = 'income'),
                       count(*) FILTER (WHERE type = 'expense'),
                       coalesce(sum(amount) FILTER (WHERE type = 'income'), 0),
                       coalesce(sum(amount) FILTER (WHERE type = 'expense'), 0)
                FROM transactions
                GROUP BY user_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS trg_transactions_totals ON transactions;
                DROP FUNCTION IF EXISTS transactions_maintain_totals();
                """);

            migrationBuilder.DropTable(
                name: "user_totals");

            migrationBuilder.DropIndex(
                name: "ix_transactions_user_id_type_occurred_on_created_at_id",
                table: "transactions");

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_type_occurred_on_created_at_id",
                table: "transactions",
                columns: new[] { "user_id", "type", "occurred_on", "created_at", "id" },
                descending: new[] { false, false, true, true, true });
        }
    }
}
