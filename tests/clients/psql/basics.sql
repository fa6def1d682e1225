-- Tables, rows of every supported type, queries, and transactions through psql.
CREATE TABLE city (name text NOT NULL, population int8, area numeric(8,1), founded date, updated timestamp, capital boolean, code varchar(3), density float8, rank int2);
INSERT INTO city VALUES
  ('Lyon', 522250, 47.9, '0043-10-09', '2024-01-15 10:30:00', false, 'LYS', 10903.1, 2),
  ('Oslo', 709037, 454.0, '1048-01-01', '2024-02-29 23:59:59.5', true, 'OSL', 1561.75, 1),
  ('Nowhere', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM city ORDER BY name;
SELECT name, population / 1000 AS thousands, area * 2 AS double_area FROM city WHERE population > 600000;
SELECT count(*), sum(population), max(founded) FROM city;
UPDATE city SET population = population + 1 WHERE name = 'Lyon';
DELETE FROM city WHERE population IS NULL;
SELECT name, population FROM city ORDER BY population DESC LIMIT 1;
BEGIN;
INSERT INTO city (name) VALUES ('Temporary');
SELECT count(*) FROM city;
ROLLBACK;
SELECT count(*) FROM city;
DROP TABLE IF EXISTS no_such_table;
SHOW server_encoding;
SET application_name = 'basics';
SHOW application_name;
SELECT 'multi' AS first; SELECT 'statement' AS second;
DROP TABLE city;
