using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cashman.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AddCategories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "category",
                table: "transactions",
                type: "character varying(101)",
                maxLength: 101,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(50)",
                oldMaxLength: 50,
                oldNullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "category_id",
                table: "transactions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "categories",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    path = table.Column<string>(type: "character varying(101)", maxLength: 101, nullable: false),
                    rollover = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: "none"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    normalized_path = table.Column<string>(type: "character varying(101)", maxLength: 101, nullable: true, computedColumnSql: "lower((path)::text)", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_categories", x => new { x.user_id, x.id });
                    table.CheckConstraint("ck_categories_rollover", "rollover IN ('none', 'surplus', 'all')");
                    table.ForeignKey(
                        name: "fk_categories_categories_user_id_parent_id",
                        columns: x => new { x.user_id, x.parent_id },
                        principalTable: "categories",
                        principalColumns: new[] { "user_id", "id" });
                    table.ForeignKey(
                        name: "fk_categories_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "category_day_totals",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    category_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    income_count = table.Column<long>(type: "bigint", nullable: false),
                    expense_count = table.Column<long>(type: "bigint", nullable: false),
                    total_income = table.Column<decimal>(type: "numeric", nullable: false),
                    total_expenses = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_category_day_totals", x => new { x.user_id, x.day, x.category_id, x.account_id });
                });

            migrationBuilder.CreateTable(
                name: "budgets",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budgets", x => new { x.user_id, x.month, x.category_id });
                    table.CheckConstraint("ck_budgets_amount", "amount >= 0 AND extract(day FROM month) = 1");
                    table.ForeignKey(
                        name: "fk_budgets_categories_user_id_category_id",
                        columns: x => new { x.user_id, x.category_id },
                        principalTable: "categories",
                        principalColumns: new[] { "user_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_budgets_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_id_category_id_occurred_on_created_at_id",
                table: "transactions",
                columns: new[] { "user_id", "category_id", "occurred_on", "created_at", "id" },
                descending: new[] { false, false, true, true, true },
                filter: "category_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_budgets_user_id_category_id",
                table: "budgets",
                columns: new[] { "user_id", "category_id" });

            migrationBuilder.CreateIndex(
                name: "ix_categories_user_id_parent_id",
                table: "categories",
                columns: new[] { "user_id", "parent_id" });

            migrationBuilder.CreateIndex(
                name: "ux_categories_user_id_normalized_path",
                table: "categories",
                columns: new[] { "user_id", "normalized_path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_category_day_totals_user_id_category_id",
                table: "category_day_totals",
                columns: new[] { "user_id", "category_id" });

            // Every user's distinct category texts become categories: "parent/name" a child under its parent when both
            // parts are names, any other text a top-level name ("/" becoming "-"); texts equal ignoring case become one
            // category, spelled as most of its rows spell it. The trigger is off meanwhile: the migration numbers the rows
            // whose text changes itself, once each, so that clients following the change feed see the new spelling.
            migrationBuilder.Sql("DROP TRIGGER trg_transactions_track_changes ON transactions;");
            migrationBuilder.Sql("""
                CREATE TEMPORARY TABLE category_texts ON COMMIT DROP AS
                SELECT user_id, text, n, first,
                       CASE WHEN two THEN btrim(split_part(text, '/', 1)) END AS parent,
                       CASE WHEN two THEN btrim(split_part(text, '/', 2)) ELSE left(btrim(replace(text, '/', '-')), 50) END AS name
                FROM (
                    SELECT user_id, category AS text, count(*) AS n, min(created_at) AS first,
                           category LIKE '%/%' AND category NOT LIKE '%/%/%'
                           AND btrim(split_part(category, '/', 1)) <> '' AND btrim(split_part(category, '/', 2)) <> ''
                           AND length(btrim(split_part(category, '/', 1))) <= 50 AND length(btrim(split_part(category, '/', 2))) <= 50 AS two
                    FROM transactions WHERE category IS NOT NULL GROUP BY user_id, category) t;

                INSERT INTO categories (id, user_id, parent_id, name, path, rollover, created_at, updated_at, version)
                SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                           PLACING substring(int8send((extract(epoch FROM first) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
                           52, 1), 53, 1), 'hex')::uuid,
                       user_id, NULL, top, top, 'none', first, first, gen_random_uuid()
                FROM (
                    SELECT DISTINCT ON (user_id, lower(top)) user_id, top, first
                    FROM (SELECT user_id, coalesce(parent, name) AS top, sum(n) AS n, min(first) AS first
                          FROM category_texts GROUP BY user_id, coalesce(parent, name)) spelled
                    ORDER BY user_id, lower(top), n DESC, first, top) tops;

                INSERT INTO categories (id, user_id, parent_id, name, path, rollover, created_at, updated_at, version)
                SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                           PLACING substring(int8send((extract(epoch FROM c.first) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
                           52, 1), 53, 1), 'hex')::uuid,
                       c.user_id, p.id, c.name, p.path || '/' || c.name, 'none', c.first, c.first, gen_random_uuid()
                FROM (
                    SELECT DISTINCT ON (user_id, lower(parent), lower(name)) user_id, parent, name, first
                    FROM (SELECT user_id, parent, name, sum(n) AS n, min(first) AS first
                          FROM category_texts WHERE parent IS NOT NULL GROUP BY user_id, parent, name) spelled
                    ORDER BY user_id, lower(parent), lower(name), n DESC, first, name) c
                JOIN categories p ON p.user_id = c.user_id AND p.normalized_path = lower(c.parent);

                UPDATE transactions t SET category_id = c.id
                FROM category_texts x
                JOIN categories c ON c.user_id = x.user_id
                     AND c.normalized_path = lower(CASE WHEN x.parent IS NULL THEN x.name ELSE x.parent || '/' || x.name END)
                WHERE t.user_id = x.user_id AND t.category = x.text;

                -- The new versions come from each row's id and a secret of this migration: Citus refuses volatile
                -- functions in an UPDATE of a distributed table, so the secret is made here and written in as a literal.
                DO $categories$
                BEGIN
                    EXECUTE format($sql$
                        UPDATE transactions t SET category = r.path, change_seq = u.last_change_seq + r.rn,
                               version = md5(t.id::text || %L)::uuid, updated_at = now()
                        FROM (SELECT t2.user_id, t2.id, c2.path,
                                     row_number() OVER (PARTITION BY t2.user_id ORDER BY t2.change_seq, t2.id) AS rn
                              FROM transactions t2 JOIN categories c2 ON c2.user_id = t2.user_id AND c2.id = t2.category_id
                              WHERE t2.category <> c2.path) r
                        JOIN user_totals u ON u.user_id = r.user_id
                        WHERE t.user_id = r.user_id AND t.id = r.id
                        $sql$, gen_random_uuid()::text);
                END
                $categories$;

                UPDATE user_totals u SET last_change_seq = m.last
                FROM (SELECT user_id, max(change_seq) AS last FROM transactions GROUP BY user_id) m
                WHERE u.user_id = m.user_id AND m.last > u.last_change_seq;

                INSERT INTO category_day_totals (user_id, day, category_id, account_id, income_count, expense_count, total_income, total_expenses)
                SELECT user_id, occurred_on, coalesce(category_id, '00000000-0000-0000-0000-000000000000'), account_id,
                       count(*) FILTER (WHERE type = 'income'), count(*) FILTER (WHERE type = 'expense'),
                       COALESCE(sum(amount) FILTER (WHERE type = 'income'), 0), COALESCE(sum(amount) FILTER (WHERE type = 'expense'), 0)
                FROM transactions WHERE type <> 'transfer'
                GROUP BY user_id, occurred_on, coalesce(category_id, '00000000-0000-0000-0000-000000000000'), account_id;
                """);
            migrationBuilder.Sql(CategoryOfFunction);
            migrationBuilder.Sql(TrackChangesFunction);
            migrationBuilder.Sql("""
                CREATE TRIGGER trg_transactions_track_changes
                BEFORE INSERT OR UPDATE OR DELETE ON transactions
                FOR EACH ROW EXECUTE FUNCTION transactions_track_changes();
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_transactions_categories_user_id_category_id",
                table: "transactions",
                columns: new[] { "user_id", "category_id" },
                principalTable: "categories",
                principalColumns: new[] { "user_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The previous function; the category totals go with their table.
            migrationBuilder.Sql(AddMoney.TrackChangesFunction);
            migrationBuilder.Sql("DROP FUNCTION category_of(uuid, uuid, text);");

            migrationBuilder.DropForeignKey(
                name: "fk_transactions_categories_user_id_category_id",
                table: "transactions");

            migrationBuilder.DropTable(
                name: "budgets");

            migrationBuilder.DropTable(
                name: "category_day_totals");

            migrationBuilder.DropTable(
                name: "categories");

            migrationBuilder.DropIndex(
                name: "ix_transactions_user_id_category_id_occurred_on_created_at_id",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "category_id",
                table: "transactions");

            migrationBuilder.AlterColumn<string>(
                name: "category",
                table: "transactions",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(101)",
                oldMaxLength: 101,
                oldNullable: true);
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
            -- A row's category: with category_id, its category path is copied from the category; with only a path, the owner's
            -- category of that path (ignoring case) is found, or created with its parent, under the owner's lock, so that two writes
            -- cannot create it twice. Incomes and expenses count in category_day_totals (category_id, or the zero uuid for none).
            -- A bulk insert (TransactionRows.CopyAccountedAsync) numbers its rows and adds them to the totals itself, once for the
            -- whole set under the same lock, and sends each row with its number: such a row only has its category resolved here.
            -- A bulk update that numbers its rows itself (CategoryRows, renaming and merging categories) is left alone entirely.
            -- Updating the owner's row once per row would make one transaction's cost grow with the square of its rows.
            CREATE OR REPLACE FUNCTION transactions_track_changes() RETURNS trigger
            LANGUAGE plpgsql AS $$
            DECLARE
                owner uuid;
                moved boolean;
                recategorised boolean;
                v_category uuid;
                v_parent uuid;
                v_path text;
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
                IF TG_OP = 'UPDATE' AND NEW.change_seq <> OLD.change_seq THEN
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

                IF TG_OP = 'INSERT' AND NEW.change_seq <> 0 THEN
                    -- Numbered by a bulk insert, which holds the owner's lock and keeps the totals itself.
                    IF NEW.category_id IS NOT NULL OR NEW.category IS NOT NULL THEN
                        SELECT r.id, r.path INTO NEW.category_id, NEW.category FROM category_of(owner, NEW.category_id, NEW.category) r;
                    END IF;
                    RETURN NEW;
                END IF;

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

                -- The category, after the owner's lock: a path names the owner's category of that path, created if need be.
                IF TG_OP <> 'DELETE' AND (NEW.category_id IS NOT NULL OR NEW.category IS NOT NULL) THEN
                    SELECT r.id, r.path INTO NEW.category_id, NEW.category FROM category_of(owner, NEW.category_id, NEW.category) r;
                END IF;
                recategorised := TG_OP = 'UPDATE' AND NEW.category_id IS DISTINCT FROM OLD.category_id;

                -- Side 1 takes the old row out of its accounts, side 2 puts the new row in.
                FOR v_side IN 1..2 LOOP
                    CONTINUE WHEN NOT (moved OR recategorised) OR (v_side = 1 AND TG_OP = 'INSERT') OR (v_side = 2 AND TG_OP = 'DELETE');
                    IF v_side = 1 THEN
                        v_sign := -1;
                        v_kind := OLD.type; v_amount := OLD.amount; v_day := OLD.occurred_on; v_category := OLD.category_id;
                        v_account := OLD.account_id; v_to_account := OLD.to_account_id; v_to_amount := OLD.to_amount;
                    ELSE
                        v_sign := 1;
                        v_kind := NEW.type; v_amount := NEW.amount; v_day := NEW.occurred_on; v_category := NEW.category_id;
                        v_account := NEW.account_id; v_to_account := NEW.to_account_id; v_to_amount := NEW.to_amount;
                    END IF;

                    IF v_kind <> 'transfer' THEN
                        INSERT INTO category_day_totals AS t
                            (user_id, day, category_id, account_id, income_count, expense_count, total_income, total_expenses)
                        VALUES (owner, v_day, coalesce(v_category, '00000000-0000-0000-0000-000000000000'), v_account,
                                v_sign * (v_kind = 'income')::int, v_sign * (v_kind = 'expense')::int,
                                CASE WHEN v_kind = 'income' THEN v_sign * v_amount ELSE 0 END,
                                CASE WHEN v_kind = 'expense' THEN v_sign * v_amount ELSE 0 END)
                        ON CONFLICT (user_id, day, category_id, account_id) DO UPDATE SET
                            income_count = t.income_count + EXCLUDED.income_count,
                            expense_count = t.expense_count + EXCLUDED.expense_count,
                            total_income = t.total_income + EXCLUDED.total_income,
                            total_expenses = t.total_expenses + EXCLUDED.total_expenses;
                    END IF;
                    CONTINUE WHEN NOT moved;

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

        /// <summary>The category function as this migration created it (now <c>Persistence/Sql/category_of.sql</c>).</summary>
        internal const string CategoryOfFunction = """
            -- The owner's category a transaction names: by id (wanted), or else by path (wanted_path, "name" or "parent/name" as
            -- the domain wrote it), ignoring case; a path that names no category creates it, and its parent when missing.
            -- Called by transactions_track_changes, which holds the owner's lock (every write of the owner takes it first), so two
            -- writes never create the same category. Everything it touches belongs to the owner: on Citus it stays on their shard.
            CREATE OR REPLACE FUNCTION category_of(owner uuid, wanted uuid, wanted_path text, OUT id uuid, OUT path text)
            LANGUAGE plpgsql AS $$
            DECLARE
                v_parent uuid;
                v_parent_path text;
                v_name text;
                v_new uuid;
                v_step int;
            BEGIN
                IF wanted IS NOT NULL THEN
                    SELECT c.id, c.path INTO id, path FROM categories c WHERE c.user_id = owner AND c.id = wanted;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'no such category of the owner'
                            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_transactions_categories_user_id_category_id';
                    END IF;
                    RETURN;
                END IF;

                SELECT c.id, c.path INTO id, path FROM categories c WHERE c.user_id = owner AND c.normalized_path = lower(wanted_path);
                IF FOUND THEN
                    RETURN;
                END IF;

                -- Step 1 finds or creates the parent (when there is one), step 2 the category itself.
                FOR v_step IN 1..2 LOOP
                    CONTINUE WHEN v_step = 1 AND position('/' IN wanted_path) = 0;
                    v_name := CASE WHEN v_step = 1 THEN split_part(wanted_path, '/', 1)
                                   WHEN position('/' IN wanted_path) > 0 THEN split_part(wanted_path, '/', 2)
                                   ELSE wanted_path END;
                    IF v_step = 1 THEN
                        SELECT c.id, c.path INTO v_parent, v_parent_path FROM categories c
                        WHERE c.user_id = owner AND c.normalized_path = lower(v_name);
                        CONTINUE WHEN FOUND;
                    END IF;

                    -- A version 7 UUID, as the application makes them: the time in milliseconds, then random bits.
                    v_new := encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                 PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
                                 52, 1), 53, 1), 'hex')::uuid;
                    INSERT INTO categories AS c (id, user_id, parent_id, name, path, rollover, created_at, updated_at, version)
                    VALUES (v_new, owner, CASE WHEN v_step = 2 THEN v_parent END, v_name,
                            CASE WHEN v_step = 2 AND v_parent IS NOT NULL THEN v_parent_path || '/' || v_name ELSE v_name END,
                            'none', now(), now(), gen_random_uuid())
                    RETURNING c.id, c.path INTO v_parent, v_parent_path;
                END LOOP;

                id := v_parent;
                path := v_parent_path;
            END;
            $$;
            """;
    }
}
