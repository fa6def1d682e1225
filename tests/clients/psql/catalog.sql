-- psql's \d family over pg_catalog: tables, indexes, views and schemas.
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL DEFAULT 'nobody', balance numeric(12,2) CHECK (balance >= 0), email varchar(80) UNIQUE);
CREATE TABLE ledger (entry bigint, account int, amount numeric);
CREATE INDEX ledger_account ON ledger (account);
CREATE INDEX ledger_amount_desc ON ledger (amount DESC) WHERE amount > 0;
CREATE VIEW rich AS SELECT id, owner FROM accounts WHERE balance > 1000;
\dt
\di
\dv
\dn
\dt acc*
\di ledger*
\dt nosuch
SELECT n.nspname, c.relname, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 2;
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = (SELECT oid FROM pg_class WHERE relname = 'accounts') AND a.attnum > 0 ORDER BY a.attnum;
SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'ledger' ORDER BY ordinal_position;
DROP VIEW rich;
DROP TABLE ledger;
\dt
\dv
