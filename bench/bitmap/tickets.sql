DROP TABLE IF EXISTS tickets;
CREATE TABLE tickets (id int PRIMARY KEY, owner_id int, assignee_id int, status text, region int, note text);
INSERT INTO tickets SELECT g, g % 10000, (g::bigint * 7919 % 9973)::int, CASE WHEN g % 5 = 0 THEN 'open' ELSE 'closed' END, (g::bigint * 7919 % 500)::int, 'note number ' || g FROM generate_series(1, 500000) g;
CREATE INDEX tickets_owner ON tickets (owner_id);
CREATE INDEX tickets_assignee ON tickets (assignee_id);
ANALYZE tickets;
