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
