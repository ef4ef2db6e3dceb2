using System;
using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddChangeFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_change_seq",
                table: "user_totals",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "change_seq",
                table: "transactions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "change_cursor",
                table: "idempotency_records",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "deleted_transactions",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    change_seq = table.Column<long>(type: "bigint", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deleted_transactions", x => new { x.user_id, x.id });
                });

            // Existing rows enter each owner's feed in the order they were last written, and the owner's position follows.
            // The old trigger is dropped first; the new one numbers every write from here on.
            migrationBuilder.Sql("""
                DROP TRIGGER trg_transactions_totals ON transactions;
                DROP FUNCTION transactions_maintain_totals();

                UPDATE transactions t SET change_seq = n.seq
                FROM (SELECT user_id, id, row_number() OVER (PARTITION BY user_id ORDER BY updated_at, id) AS seq FROM transactions) n
                WHERE t.user_id = n.user_id AND t.id = n.id;

                UPDATE user_totals u SET last_change_seq = n.last
                FROM (SELECT user_id, max(change_seq) AS last FROM transactions GROUP BY user_id) n
                WHERE u.user_id = n.user_id;
                """);
            migrationBuilder.Sql(TrackChangesFunction);
            migrationBuilder.Sql("""
                CREATE TRIGGER trg_transactions_track_changes
                BEFORE INSERT OR UPDATE OR DELETE ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_track_changes();
                """);

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_change_seq",
                table: "transactions",
                columns: new[] { "user_id", "change_seq" });

            migrationBuilder.CreateIndex(
                name: "ix_deleted_transactions_deleted_at",
                table: "deleted_transactions",
                column: "deleted_at");

            migrationBuilder.CreateIndex(
                name: "ix_deleted_transactions_user_id_change_seq",
                table: "deleted_transactions",
                columns: new[] { "user_id", "change_seq" });

            migrationBuilder.CreateIndex(
                name: "ix_deleted_transactions_user_id_external_id",
                table: "deleted_transactions",
                columns: new[] { "user_id", "external_id" },
                filter: "external_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER trg_transactions_track_changes ON transactions;
                DROP FUNCTION transactions_track_changes();
                """);
            migrationBuilder.Sql(AddMonthTotals.MaintainTotalsFunction);
            migrationBuilder.Sql("""
                CREATE TRIGGER trg_transactions_totals
                AFTER INSERT OR DELETE OR UPDATE OF amount, type, user_id, occurred_on ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_maintain_totals();
                """);

            migrationBuilder.DropTable(
                name: "deleted_transactions");

            migrationBuilder.DropIndex(
                name: "ix_transactions_user_id_change_seq",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "last_change_seq",
                table: "user_totals");

            migrationBuilder.DropColumn(
                name: "change_seq",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "change_cursor",
                table: "idempotency_records");
        }

        /// <summary>
        /// The trigger function as this migration created it; frozen, as every migration's SQL is. The function as it is
        /// now lives in <c>Persistence/Sql/transactions_track_changes.sql</c>; a change to it comes with a migration of its own.
        /// </summary>
        internal const string TrackChangesFunction = """
            -- Runs before every insert, update and delete of a transaction, in the same database transaction as the write.
            -- It keeps the owner's running totals (user_totals) and month totals (user_month_totals) exact, and numbers the
            -- change in the owner's change feed: the number comes from the owner's user_totals row, whose lock is held until
            -- commit, so one user's numbers are handed out in the order that user's writes commit and a reader never sees a
            -- number before a smaller one that is still to commit. A delete leaves a marker in deleted_transactions.
            -- Everything it touches belongs to the row's owner: on Citus it stays on that owner's shard.
            -- A bulk insert (TransactionRows.CopyAccountedAsync) numbers its rows and adds them to the totals itself, once for the
            -- whole set under the same lock, and sends each row with its number: such a row is left alone here. Updating the
            -- owner's row once per inserted row would make one transaction's cost grow with the square of its rows.
            CREATE OR REPLACE FUNCTION transactions_track_changes() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE
                owner uuid;
                income_count_delta bigint := 0;
                expense_count_delta bigint := 0;
                income_delta numeric := 0;
                expense_delta numeric := 0;
                totals_moved boolean;
                seq bigint;
            BEGIN
                IF TG_OP = 'INSERT' AND NEW.change_seq <> 0 THEN
                    RETURN NEW;
                END IF;

                IF TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id THEN
                    RAISE EXCEPTION 'a transaction cannot change owner' USING ERRCODE = 'check_violation';
                END IF;

                owner := CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END;
                totals_moved := TG_OP <> 'UPDATE'
                    OR (NEW.amount, NEW.type, NEW.occurred_on) IS DISTINCT FROM (OLD.amount, OLD.type, OLD.occurred_on);

                IF totals_moved AND TG_OP IN ('UPDATE', 'DELETE') THEN
                    IF OLD.type = 'income' THEN
                        income_count_delta := income_count_delta - 1;
                        income_delta := income_delta - OLD.amount;
                    ELSE
                        expense_count_delta := expense_count_delta - 1;
                        expense_delta := expense_delta - OLD.amount;
                    END IF;
                END IF;

                IF totals_moved AND TG_OP IN ('INSERT', 'UPDATE') THEN
                    IF NEW.type = 'income' THEN
                        income_count_delta := income_count_delta + 1;
                        income_delta := income_delta + NEW.amount;
                    ELSE
                        expense_count_delta := expense_count_delta + 1;
                        expense_delta := expense_delta + NEW.amount;
                    END IF;
                END IF;

                -- The owner's row first, always: it is the lock every write of the owner queues on, so the month rows after it
                -- are never taken in another order by a concurrent write (which would deadlock).
                INSERT INTO user_totals AS t (user_id, income_count, expense_count, total_income, total_expenses, last_change_seq)
                VALUES (owner, income_count_delta, expense_count_delta, income_delta, expense_delta, 1)
                ON CONFLICT (user_id) DO UPDATE SET
                    income_count = t.income_count + EXCLUDED.income_count,
                    expense_count = t.expense_count + EXCLUDED.expense_count,
                    total_income = t.total_income + EXCLUDED.total_income,
                    total_expenses = t.total_expenses + EXCLUDED.total_expenses,
                    last_change_seq = t.last_change_seq + 1
                RETURNING last_change_seq INTO seq;

                IF totals_moved AND TG_OP IN ('UPDATE', 'DELETE') THEN
                    INSERT INTO user_month_totals AS t (user_id, month, income_count, expense_count, total_income, total_expenses)
                    VALUES (owner, date_trunc('month', OLD.occurred_on)::date,
                            CASE WHEN OLD.type = 'income' THEN -1 ELSE 0 END, CASE WHEN OLD.type = 'expense' THEN -1 ELSE 0 END,
                            CASE WHEN OLD.type = 'income' THEN -OLD.amount ELSE 0 END, CASE WHEN OLD.type = 'expense' THEN -OLD.amount ELSE 0 END)
                    ON CONFLICT (user_id, month) DO UPDATE SET
                        income_count = t.income_count + EXCLUDED.income_count,
                        expense_count = t.expense_count + EXCLUDED.expense_count,
                        total_income = t.total_income + EXCLUDED.total_income,
                        total_expenses = t.total_expenses + EXCLUDED.total_expenses;
                END IF;

                IF totals_moved AND TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO user_month_totals AS t (user_id, month, income_count, expense_count, total_income, total_expenses)
                    VALUES (owner, date_trunc('month', NEW.occurred_on)::date,
                            CASE WHEN NEW.type = 'income' THEN 1 ELSE 0 END, CASE WHEN NEW.type = 'expense' THEN 1 ELSE 0 END,
                            CASE WHEN NEW.type = 'income' THEN NEW.amount ELSE 0 END, CASE WHEN NEW.type = 'expense' THEN NEW.amount ELSE 0 END)
                    ON CONFLICT (user_id, month) DO UPDATE SET
                        income_count = t.income_count + EXCLUDED.income_count,
                        expense_count = t.expense_count + EXCLUDED.expense_count,
                        total_income = t.total_income + EXCLUDED.total_income,
                        total_expenses = t.total_expenses + EXCLUDED.total_expenses;
                END IF;

                IF TG_OP = 'DELETE' THEN
                    INSERT INTO deleted_transactions AS d (user_id, id, type, external_id, change_seq, deleted_at)
                    VALUES (owner, OLD.id, OLD.type, OLD.external_id, seq, now())
                    ON CONFLICT (user_id, id) DO UPDATE SET
                        type = EXCLUDED.type, external_id = EXCLUDED.external_id,
                        change_seq = EXCLUDED.change_seq, deleted_at = EXCLUDED.deleted_at;
                    RETURN OLD;
                END IF;

                NEW.change_seq := seq;
                RETURN NEW;
            END;
            $$;
            """;
    }
}
