-- The statements of one GET /incomes?page=3&pageSize=20 as the API sends them (from its command log), each a round
-- trip: the logout check, the running totals (the unfiltered total) and the page. load.sh fills in :owner and :session.
SELECT EXISTS (SELECT 1 FROM sessions AS s WHERE s.id = :session AND s.user_id = :owner AND s.revoked_at IS NULL);
SELECT u.user_id, u.expense_count, u.income_count, u.last_change_seq, u.transfer_count FROM user_totals AS u WHERE u.user_id = :owner LIMIT 2;
SELECT t.id, 'income', t.account_id, t.currency, t.description, t.amount, t.category, t.occurred_on, t.external_id, t.to_account_id, t.to_amount, t.to_currency, t.created_at, t.updated_at, t.version, t.change_seq FROM transactions AS t WHERE t.type = 'income' AND t.user_id = :owner ORDER BY t.occurred_on DESC, t.created_at DESC, t.id DESC LIMIT 20 OFFSET 40;
