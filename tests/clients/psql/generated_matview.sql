-- Generated columns and materialized views in psql: \d shows "generated always as (...)
-- stored", \dm lists materialized views, \d of one shows its columns and indexes.
CREATE TABLE measures (id int PRIMARY KEY, width int, height int, area int GENERATED ALWAYS AS (width * height) STORED);
INSERT INTO measures (id, width, height) VALUES (1, 2, 3), (2, 4, 5);
\d measures
CREATE MATERIALIZED VIEW big_measures AS SELECT id, area FROM measures WHERE area > 10;
CREATE UNIQUE INDEX big_measures_id ON big_measures (id);
CREATE MATERIALIZED VIEW empty_measures AS SELECT id FROM measures WITH NO DATA;
\dm
\d big_measures
SELECT * FROM big_measures;
SELECT * FROM empty_measures;
REFRESH MATERIALIZED VIEW empty_measures;
SELECT * FROM empty_measures ORDER BY id;
DROP MATERIALIZED VIEW big_measures, empty_measures;
DROP TABLE measures;
