-- Schemas under psql: \dn, \dt with a schema pattern, search_path and "$user".
CREATE SCHEMA sales;
CREATE SCHEMA AUTHORIZATION postgres;
CREATE TABLE sales.orders (id serial PRIMARY KEY, amount numeric);
CREATE TABLE sales.customers (id int, name text);
CREATE VIEW sales.big AS SELECT id, amount FROM sales.orders WHERE amount > 100;
CREATE INDEX orders_amount ON sales.orders (amount);
CREATE TABLE plain (a int);
\dn
\dt
\dt sales.*
\dv sales.*
\di sales.*
\ds sales.*
\dt sales.c*
SET search_path TO sales, public;
\dt
SHOW search_path;
SELECT current_schema(), current_schemas(true);
RESET search_path;
CREATE TABLE mine (b int);
SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'mine';
SELECT current_schema(), current_schemas(false);
\dt
DROP SCHEMA sales;
DROP SCHEMA sales CASCADE;
DROP SCHEMA postgres CASCADE;
\dn
\dt
