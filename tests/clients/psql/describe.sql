-- psql's \d on one relation and \du: arrays, regclass, regtype and more of pg_catalog.
-- (CHECK constraints other than a comparison of a column with an integer, partial index
-- predicates and cast default literals are left out: Granary shows their text as written,
-- where PostgreSQL deparses it, e.g. 0::numeric.)
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2), email varchar(80) UNIQUE, tags text[]);
CREATE TABLE ledger (entry bigserial, account int, amount numeric, noted_at timestamptz DEFAULT now());
CREATE INDEX ledger_account ON ledger (account);
CREATE INDEX ledger_amount_desc ON ledger (amount DESC);
ALTER TABLE ledger CLUSTER ON ledger_account;
ALTER TABLE ledger ADD CONSTRAINT ledger_account_known CHECK (account > 0) NOT VALID;
CREATE VIEW rich AS SELECT id, owner FROM accounts WHERE balance > 1000;
\d accounts
\d ledger
\d rich
\d ledger_account
\d accounts_pkey
\d+ accounts
\d nosuch
\df array_length
\df cardinality
CREATE ROLE alice LOGIN;
CREATE ROLE bob;
\du
\du alice
DROP VIEW rich;
DROP TABLE ledger;
DROP TABLE accounts;
DROP ROLE alice;
DROP ROLE bob;
