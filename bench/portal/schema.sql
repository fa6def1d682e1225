-- schema.sql - the portal benchmark's tables: 50 categories, 5,000 authors and :rows articles
-- (default 200,000), one every five minutes or so from 2020-01-01 on (about 694 days for
-- 200,000), with indexes on created_at and category_id. The values come from integer
-- arithmetic on the row number, so PostgreSQL and Granary get the very same rows.
--
--   psql -v rows=200000 -f schema.sql "host=... port=... user=... dbname=..."

\if :{?rows}
\else
\set rows 200000
\endif

DROP TABLE IF EXISTS articles;
DROP TABLE IF EXISTS authors;
DROP TABLE IF EXISTS categories;
CREATE TABLE categories (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL);
CREATE TABLE articles (
    id          bigserial PRIMARY KEY,
    category_id int NOT NULL,
    author_id   int NOT NULL,
    title       text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL,
    views       int NOT NULL
);

INSERT INTO categories SELECT i, 'category ' || i FROM generate_series(1, 50) AS s(i);
INSERT INTO authors
SELECT i, 'author ' || i, 'author' || i || '@example.com' FROM generate_series(1, 5000) AS s(i);
INSERT INTO articles (category_id, author_id, title, body, created_at, views)
SELECT 1 + (i * 7919) % 50,
       1 + (i * 104723) % 5000,
       'article title number ' || i,
       repeat('lorem ipsum dolor sit amet ', (1 + i % 20)::int),
       TIMESTAMPTZ '2020-01-01 00:00:00+00' + (i * 300 + (i * 7) % 300)::int * INTERVAL '1 second',
       ((i * 2654435761) % 100000)::int
FROM generate_series(1::bigint, :rows) AS s(i);
CREATE INDEX articles_created_at ON articles (created_at);
CREATE INDEX articles_category_id ON articles (category_id);

VACUUM ANALYZE categories;
VACUUM ANALYZE authors;
VACUUM ANALYZE articles;
