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
