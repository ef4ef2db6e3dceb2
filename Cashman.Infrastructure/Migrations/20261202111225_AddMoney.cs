using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddMoney : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The trigger is off while existing rows are given their account: putting a row in its account is not a change
            // a client must see in the feed. It comes back at the end with the function that keeps the new totals.
            migrationBuilder.Sql("DROP TRIGGER trg_transactions_track_changes ON transactions;");

            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    normalized_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    number = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    opening_balance = table.Column<decimal>(type: "numeric", nullable: false),
                    opening_date = table.Column<DateOnly>(type: "date", nullable: false),
                    archived = table.Column<bool>(type: "boolean", nullable: false),
                    transactions_total = table.Column<decimal>(type: "numeric", nullable: false, defaultValue: 0m),
                    transaction_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    version = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => new { x.user_id, x.id });
                    table.CheckConstraint("ck_accounts_kind", "kind IN ('checking', 'savings', 'credit', 'cash', 'investment', 'other')");
                    table.ForeignKey(
                        name: "fk_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_settings",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    base_currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    default_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_settings", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_user_settings_accounts_user_id_default_account_id",
                        columns: x => new { x.user_id, x.default_account_id },
                        principalTable: "accounts",
                        principalColumns: new[] { "user_id", "id" });
                    table.ForeignKey(
                        name: "fk_user_settings_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "account_day_totals",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    income_count = table.Column<long>(type: "bigint", nullable: false),
                    expense_count = table.Column<long>(type: "bigint", nullable: false),
                    transfer_count = table.Column<long>(type: "bigint", nullable: false),
                    total_income = table.Column<decimal>(type: "numeric", nullable: false),
                    total_expenses = table.Column<decimal>(type: "numeric", nullable: false),
                    transfers_total = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_day_totals", x => new { x.user_id, x.account_id, x.day });
                });

            // Every user gets a default account ("Main", checking) in the operator's default currency (the migrate command
            // sets cashman.default_currency from Money__DefaultCurrency; USD otherwise) and settings that name it. The
            // account's id is a UUIDv7 made from the clock, as the application makes them. The currency is read here, on
            // the node that runs the migration, and passed on as a literal.
            migrationBuilder.Sql("""
                DO $money$
                DECLARE
                    currency text := COALESCE(NULLIF(current_setting('cashman.default_currency', true), ''), 'USD');
                BEGIN
                    EXECUTE format($sql$
                        INSERT INTO accounts (id, user_id, name, normalized_name, kind, currency, number, opening_balance,
                                              opening_date, archived, transactions_total, transaction_count, version, created_at, updated_at)
                        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                   PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
                                   52, 1), 53, 1), 'hex')::uuid,
                               u.id, 'Main', 'MAIN', 'checking', %L, NULL, 0, u.created_at::date, false, 0, 0, gen_random_uuid(), now(), now()
                        FROM users u
                        $sql$, currency);
                    EXECUTE format($sql$
                        INSERT INTO user_settings (user_id, base_currency, time_zone, default_account_id, updated_at)
                        SELECT a.user_id, a.currency, 'UTC', a.id, now() FROM accounts a
                        $sql$);
                END
                $money$;
                """);

            migrationBuilder.AddColumn<Guid>(
                name: "account_id",
                table: "transactions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "transactions",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            // Every existing row goes to its owner's default account, the only account there is yet.
            migrationBuilder.Sql("""
                UPDATE transactions t SET account_id = a.id, currency = a.currency
                FROM accounts a WHERE a.user_id = t.user_id;
                ALTER TABLE transactions ALTER COLUMN account_id SET NOT NULL;
                ALTER TABLE transactions ALTER COLUMN currency SET NOT NULL;
                """);

            migrationBuilder.DropTable(
                name: "user_month_totals");

            migrationBuilder.DropCheckConstraint(
                name: "ck_transactions_amount_sign",
                table: "transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_transactions_type",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "total_expenses",
                table: "user_totals");

            migrationBuilder.DropColumn(
                name: "total_income",
                table: "user_totals");

            migrationBuilder.AddColumn<long>(
                name: "transfer_count",
                table: "user_totals",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AlterColumn<decimal>(
                name: "amount",
                table: "transactions",
                type: "numeric",
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric(15,2)",
                oldPrecision: 15,
                oldScale: 2);

            migrationBuilder.AddColumn<Guid>(
                name: "to_account_id",
                table: "transactions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "to_amount",
                table: "transactions",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "to_currency",
                table: "transactions",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_account_id_occurred_on_created_at_id",
                table: "transactions",
                columns: new[] { "user_id", "account_id", "occurred_on", "created_at", "id" },
                descending: new[] { false, false, true, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_to_account_id",
                table: "transactions",
                columns: new[] { "user_id", "to_account_id" },
                filter: "to_account_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_transactions_amount_scale",
                table: "transactions",
                sql: "scale(amount) <= 4 AND scale(to_amount) <= 4");

            migrationBuilder.AddCheckConstraint(
                name: "ck_transactions_amount_sign",
                table: "transactions",
                sql: "(type = 'income' AND amount > 0) OR (type = 'expense' AND amount < 0) OR (type = 'transfer' AND amount > 0)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_transactions_transfer",
                table: "transactions",
                sql: "(type = 'transfer') = (to_account_id IS NOT NULL AND to_amount > 0 AND to_currency IS NOT NULL AND to_account_id <> account_id) AND (to_account_id IS NOT NULL OR (to_amount IS NULL AND to_currency IS NULL))");

            migrationBuilder.AddCheckConstraint(
                name: "ck_transactions_type",
                table: "transactions",
                sql: "type IN ('income', 'expense', 'transfer')");

            migrationBuilder.CreateIndex(
                name: "ux_accounts_user_id_normalized_name",
                table: "accounts",
                columns: new[] { "user_id", "normalized_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_accounts_user_id_number",
                table: "accounts",
                columns: new[] { "user_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_settings_user_id_default_account_id",
                table: "user_settings",
                columns: new[] { "user_id", "default_account_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_transactions_accounts_user_id_account_id",
                table: "transactions",
                columns: new[] { "user_id", "account_id" },
                principalTable: "accounts",
                principalColumns: new[] { "user_id", "id" });

            migrationBuilder.AddForeignKey(
                name: "fk_transactions_accounts_user_id_to_account_id",
                table: "transactions",
                columns: new[] { "user_id", "to_account_id" },
                principalTable: "accounts",
                principalColumns: new[] { "user_id", "id" });

            // The totals the trigger keeps from now on, built once from the rows.
            migrationBuilder.Sql("""
                INSERT INTO account_day_totals (user_id, account_id, day, income_count, expense_count, transfer_count,
                                                total_income, total_expenses, transfers_total)
                SELECT user_id, account_id, occurred_on,
                       count(*) FILTER (WHERE type = 'income'), count(*) FILTER (WHERE type = 'expense'), 0,
                       COALESCE(sum(amount) FILTER (WHERE type = 'income'), 0), COALESCE(sum(amount) FILTER (WHERE type = 'expense'), 0), 0
                FROM transactions GROUP BY user_id, account_id, occurred_on;

                UPDATE accounts a SET transactions_total = s.total, transaction_count = s.count
                FROM (SELECT user_id, account_id, sum(amount) AS total, count(*) AS count FROM transactions GROUP BY user_id, account_id) s
                WHERE a.user_id = s.user_id AND a.id = s.account_id;
                """);
            migrationBuilder.Sql(TrackChangesFunction);
            migrationBuilder.Sql("""
                CREATE TRIGGER trg_transactions_track_changes
                BEFORE INSERT OR UPDATE OR DELETE ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_track_changes();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_transactions_accounts_user_id_account_id",
                table: "transactions");

            migrationBuilder.DropForeignKey(
                name: "fk_transactions_accounts_user_id_to_account_id",
                table: "transactions");

            migrationBuilder.DropTable(
                name: "account_day_totals");

            migrationBuilder.DropTable(
                name: "user_settings");

            migrationBuilder.DropTable(
                name: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_transactions_user_id_account_id_occurred_on_created_at_id",
                table: "transactions");

            migrationBuilder.DropIndex(
                name: "ix_transactions_user_id_to_account_id",
                table: "transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_transactions_amount_scale",
                table: "transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_transactions_amount_sign",
                table: "transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_transactions_transfer",
                table: "transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_transactions_type",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "transfer_count",
                table: "user_totals");

            migrationBuilder.DropColumn(
                name: "account_id",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "to_account_id",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "to_amount",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "to_currency",
                table: "transactions");

            migrationBuilder.AddColumn<decimal>(
                name: "total_expenses",
                table: "user_totals",
                type: "numeric(20,2)",
                precision: 20,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "total_income",
                table: "user_totals",
                type: "numeric(20,2)",
                precision: 20,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AlterColumn<decimal>(
                name: "amount",
                table: "transactions",
                type: "numeric(15,2)",
                precision: 15,
                scale: 2,
                nullable: false,
                oldClrType: typeof(decimal),
                oldType: "numeric");

            migrationBuilder.CreateTable(
                name: "user_month_totals",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    expense_count = table.Column<long>(type: "bigint", nullable: false),
                    income_count = table.Column<long>(type: "bigint", nullable: false),
                    total_expenses = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    total_income = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_month_totals", x => new { x.user_id, x.month });
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_transactions_amount_sign",
                table: "transactions",
                sql: "(type = 'income' AND amount > 0) OR (type = 'expense' AND amount < 0)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_transactions_type",
                table: "transactions",
                sql: "type IN ('income', 'expense')");

            // The previous function; the totals it keeps start again from zero (a way back for development, not for data).
            migrationBuilder.Sql(AddChangeFeed.TrackChangesFunction);
        }

        /// <summary>
        /// The trigger function as this migration created it; frozen, as every migration's SQL is. The function as it is
        /// now lives in <c>Persistence/Sql/transactions_track_changes.sql</c>; a change to it comes with a migration of its own.
        /// </summary>
        internal const string TrackChangesFunction = """
            -- Runs before every insert, update and delete of a transaction, in the same database transaction as the write.
            -- It keeps the owner's counts (user_totals), each account's balance and count (accounts.transactions_total and
            -- transaction_count) and each account's day totals (account_day_totals) exact, and numbers the change in the owner's
            -- change feed: the number comes from the owner's user_totals row, whose lock is held until commit, so one user's numbers
            -- are handed out in the order that user's writes commit and a reader never sees a number before a smaller one that is
            -- still to commit. Every write of the owner queues on that lock first, so the account rows after it are never taken in
            -- another order by a concurrent write (which would deadlock). A delete leaves a marker in deleted_transactions.
            -- Everything it touches belongs to the row's owner: on Citus it stays on that owner's shard.
            -- An income or expense counts in its account; a transfer moves amount out of account_id and to_amount into
            -- to_account_id, and is never an income or an expense.
            -- A bulk insert (TransactionRows.CopyAccountedAsync) numbers its rows and adds them to the totals itself, once for the
            -- whole set under the same lock, and sends each row with its number: such a row is left alone here. Updating the
            -- owner's row once per inserted row would make one transaction's cost grow with the square of its rows.
            CREATE OR REPLACE FUNCTION transactions_track_changes() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE
                owner uuid;
                moved boolean;
                seq bigint;
                v_side int;
                v_sign int;
                v_kind text;
                v_amount numeric;
                v_day date;
                v_account uuid;
                v_to_account uuid;
                v_to_amount numeric;
                income_count_delta bigint := 0;
                expense_count_delta bigint := 0;
                transfer_count_delta bigint := 0;
            BEGIN
                IF TG_OP = 'INSERT' AND NEW.change_seq <> 0 THEN
                    RETURN NEW;
                END IF;

                -- A delete cascaded from erasing the owner (the only cascade into this table): the erasure removes every row the
                -- owner has in every table, and updating the owner's accounts now would check them against a user already gone.
                IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
                    RETURN OLD;
                END IF;

                IF TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id THEN
                    RAISE EXCEPTION 'a transaction cannot change owner' USING ERRCODE = 'check_violation';
                END IF;

                owner := CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END;
                moved := TG_OP <> 'UPDATE'
                    OR (NEW.amount, NEW.type, NEW.occurred_on, NEW.account_id, NEW.to_account_id, NEW.to_amount)
                       IS DISTINCT FROM (OLD.amount, OLD.type, OLD.occurred_on, OLD.account_id, OLD.to_account_id, OLD.to_amount);

                IF moved AND TG_OP IN ('UPDATE', 'DELETE') THEN
                    income_count_delta := income_count_delta - (OLD.type = 'income')::int;
                    expense_count_delta := expense_count_delta - (OLD.type = 'expense')::int;
                    transfer_count_delta := transfer_count_delta - (OLD.type = 'transfer')::int;
                END IF;

                IF moved AND TG_OP IN ('INSERT', 'UPDATE') THEN
                    income_count_delta := income_count_delta + (NEW.type = 'income')::int;
                    expense_count_delta := expense_count_delta + (NEW.type = 'expense')::int;
                    transfer_count_delta := transfer_count_delta + (NEW.type = 'transfer')::int;
                END IF;

                -- The owner's row first, always: it is the lock every write of the owner queues on.
                INSERT INTO user_totals AS t (user_id, income_count, expense_count, transfer_count, last_change_seq)
                VALUES (owner, income_count_delta, expense_count_delta, transfer_count_delta, 1)
                ON CONFLICT (user_id) DO UPDATE SET
                    income_count = t.income_count + EXCLUDED.income_count,
                    expense_count = t.expense_count + EXCLUDED.expense_count,
                    transfer_count = t.transfer_count + EXCLUDED.transfer_count,
                    last_change_seq = t.last_change_seq + 1
                RETURNING last_change_seq INTO seq;

                -- Side 1 takes the old row out of its accounts, side 2 puts the new row in.
                FOR v_side IN 1..2 LOOP
                    CONTINUE WHEN NOT moved OR (v_side = 1 AND TG_OP = 'INSERT') OR (v_side = 2 AND TG_OP = 'DELETE');
                    IF v_side = 1 THEN
                        v_sign := -1;
                        v_kind := OLD.type; v_amount := OLD.amount; v_day := OLD.occurred_on;
                        v_account := OLD.account_id; v_to_account := OLD.to_account_id; v_to_amount := OLD.to_amount;
                    ELSE
                        v_sign := 1;
                        v_kind := NEW.type; v_amount := NEW.amount; v_day := NEW.occurred_on;
                        v_account := NEW.account_id; v_to_account := NEW.to_account_id; v_to_amount := NEW.to_amount;
                    END IF;

                    UPDATE accounts SET
                        transactions_total = transactions_total + v_sign * CASE WHEN v_kind = 'transfer' THEN -v_amount ELSE v_amount END,
                        transaction_count = transaction_count + v_sign
                    WHERE user_id = owner AND id = v_account;
                    INSERT INTO account_day_totals AS t
                        (user_id, account_id, day, income_count, expense_count, transfer_count, total_income, total_expenses, transfers_total)
                    VALUES (owner, v_account, v_day,
                            v_sign * (v_kind = 'income')::int, v_sign * (v_kind = 'expense')::int, v_sign * (v_kind = 'transfer')::int,
                            CASE WHEN v_kind = 'income' THEN v_sign * v_amount ELSE 0 END,
                            CASE WHEN v_kind = 'expense' THEN v_sign * v_amount ELSE 0 END,
                            CASE WHEN v_kind = 'transfer' THEN -v_sign * v_amount ELSE 0 END)
                    ON CONFLICT (user_id, account_id, day) DO UPDATE SET
                        income_count = t.income_count + EXCLUDED.income_count,
                        expense_count = t.expense_count + EXCLUDED.expense_count,
                        transfer_count = t.transfer_count + EXCLUDED.transfer_count,
                        total_income = t.total_income + EXCLUDED.total_income,
                        total_expenses = t.total_expenses + EXCLUDED.total_expenses,
                        transfers_total = t.transfers_total + EXCLUDED.transfers_total;

                    IF v_kind = 'transfer' THEN
                        UPDATE accounts SET
                            transactions_total = transactions_total + v_sign * v_to_amount,
                            transaction_count = transaction_count + v_sign
                        WHERE user_id = owner AND id = v_to_account;
                        INSERT INTO account_day_totals AS t
                            (user_id, account_id, day, income_count, expense_count, transfer_count, total_income, total_expenses, transfers_total)
                        VALUES (owner, v_to_account, v_day, 0, 0, v_sign, 0, 0, v_sign * v_to_amount)
                        ON CONFLICT (user_id, account_id, day) DO UPDATE SET
                            transfer_count = t.transfer_count + EXCLUDED.transfer_count,
                            transfers_total = t.transfers_total + EXCLUDED.transfers_total;
                    END IF;
                END LOOP;

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
