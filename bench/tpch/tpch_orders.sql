-- tpch_orders.sql - TPC-H-like `orders` and `customer` tables that fit the `lineitem` rows of
-- ../shared/bench/tpch_lineitem.sql (which has lineitem alone), for TPC-H Q3.
--
--   psql -v rows=6000000 -f tpch_orders.sql "host=... port=... user=... dbname=..."
--
-- `rows` must be the lineitem row count the lineitem script was given. That script makes 4
-- lines per order with dense order keys (l_orderkey = i / 4 + 1 for row i) and derives every
-- order's date from its key; here orders gets one row per order key with that very date
-- (the same integer hash), so o_orderdate agrees with the lines' ship dates as in dbgen.
-- customer has one row per 10 orders (TPC-H's 150,000 per 1,500,000), c_mktsegment spread
-- evenly over dbgen's five segments by a hash, and every order a customer by another hash.
-- Not dbgen's data: o_orderstatus follows the lineitem script's own 1995-06-17 cut-off
-- ('O' after it, else 'F'; no 'P'), o_totalprice is a hash in dbgen's range rather than the
-- sum of the order's lines, and the text columns are short. Q3 reads none of those.
-- Only generate_series, integer arithmetic, CASE, casts and date + integer are used.

\if :{?rows}
\else
\set rows 6000000
\endif

DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS customer;
CREATE TABLE customer (
    c_custkey    integer        PRIMARY KEY,
    c_name       varchar(25)    NOT NULL,
    c_nationkey  integer        NOT NULL,
    c_acctbal    numeric(15,2)  NOT NULL,
    c_mktsegment char(10)       NOT NULL
);
CREATE TABLE orders (
    o_orderkey      bigint         PRIMARY KEY,
    o_custkey       integer        NOT NULL,
    o_orderstatus   char(1)        NOT NULL,
    o_totalprice    numeric(15,2)  NOT NULL,
    o_orderdate     date           NOT NULL,
    o_orderpriority char(15)       NOT NULL,
    o_shippriority  integer        NOT NULL
);

-- :rows / 40 customers (at least one): four lines per order, ten orders per customer.
INSERT INTO customer
SELECT c, 'Customer#' || c, (r % 25)::integer, ((r / 25) % 1099999 - 99999) / 100.0,
       CASE (r / 7) % 5
            WHEN 0 THEN 'AUTOMOBILE' WHEN 1 THEN 'BUILDING' WHEN 2 THEN 'FURNITURE'
            WHEN 3 THEN 'HOUSEHOLD' ELSE 'MACHINERY' END
FROM (
    SELECT c::integer AS c, (c * c * 5417 + c * 48611 + 17) % 2147483647 AS r
    FROM generate_series(1::bigint, greatest(:rows / 40, 1)) AS s(c)
) AS h;

INSERT INTO orders
SELECT j + 1,
       (1 + r % greatest(:rows / 40, 1))::integer,
       CASE WHEN orderdate > DATE '1995-06-17' THEN 'O' ELSE 'F' END,
       (90000 + (r / 7) % 50000000) / 100.0,
       orderdate,
       CASE (r / 3) % 5
            WHEN 0 THEN '1-URGENT' WHEN 1 THEN '2-HIGH' WHEN 2 THEN '3-MEDIUM'
            WHEN 3 THEN '4-NOT SPECIFIED' ELSE '5-LOW' END,
       0
FROM (
    SELECT j,
           -- the order date of tpch_lineitem.sql for order key j + 1
           DATE '1992-01-01' + (((j * j * 3331 + j * 1234567 + 7) % 2147483647) % 2406)::integer AS orderdate,
           (j * j * 4099 + j * 77017 + 11) % 2147483647 AS r
    FROM generate_series(0::bigint, (:rows + 3) / 4 - 1) AS s(j)
) AS h;

VACUUM ANALYZE customer;
VACUUM ANALYZE orders;
