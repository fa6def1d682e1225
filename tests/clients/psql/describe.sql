-- psql's \d on one relation, \du and \l need arrays, regclass and more of pg_catalog.
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL DEFAULT 'nobody', balance numeric(12,2) CHECK (balance >= 0), email varchar(80) UNIQUE, tags text[]);
CREATE TABLE ledger (entry bigserial, account int, amount numeric, noted_at timestamptz DEFAULT now());
CREATE INDEX ledger_account ON ledger (account);
CREATE INDEX ledger_amount_desc ON ledger (amount DESC) WHERE amount > 0;
CREATE VIEW rich AS SELECT id, owner FROM accounts WHERE balance > 1000;
\d accounts
\d ledger
\d rich
\d ledger_account
\d accounts_pkey
\d+ accounts
\d nosuch
CREATE ROLE alice LOGIN;
CREATE ROLE bob NOLOGIN CREATEDB;
CREATE ROLE carol LOGIN CONNECTION LIMIT 3;
\du
\du alice
DROP VIEW rich;
DROP TABLE ledger;
DROP TABLE accounts;
DROP ROLE alice;
DROP ROLE bob;
DROP ROLE carol;
