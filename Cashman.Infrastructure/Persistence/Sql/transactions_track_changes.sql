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
-- cannot create it twice. Incomes and expenses count in category_day_totals (category_id, or the zero uuid for none),
-- each row stamped with the change number of the last write that changed it, so that kept category reports can tell
-- which months changed.
-- A row also keeps the number of the change that created it (created_seq), so that a webhook can tell a transaction it
-- never delivered (created after its cursor) from one it did; rows older than webhooks have none.
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
        NEW.created_seq := NEW.change_seq;
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
                (user_id, day, category_id, account_id, income_count, expense_count, total_income, total_expenses, change_seq)
            VALUES (owner, v_day, coalesce(v_category, '00000000-0000-0000-0000-000000000000'), v_account,
                    v_sign * (v_kind = 'income')::int, v_sign * (v_kind = 'expense')::int,
                    CASE WHEN v_kind = 'income' THEN v_sign * v_amount ELSE 0 END,
                    CASE WHEN v_kind = 'expense' THEN v_sign * v_amount ELSE 0 END, seq)
            ON CONFLICT (user_id, day, category_id, account_id) DO UPDATE SET
                income_count = t.income_count + EXCLUDED.income_count,
                expense_count = t.expense_count + EXCLUDED.expense_count,
                total_income = t.total_income + EXCLUDED.total_income,
                total_expenses = t.total_expenses + EXCLUDED.total_expenses,
                change_seq = EXCLUDED.change_seq;
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
    NEW.created_seq := CASE WHEN TG_OP = 'INSERT' THEN seq ELSE OLD.created_seq END;
    RETURN NEW;
END;
$$;
