-- Enum types in psql: \dT and \dT+ (the labels from pg_enum, in sort order), \d of a table
-- with an enum column, and values printed and ordered by declaration.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
COMMENT ON TYPE mood IS 'how one feels';
CREATE SCHEMA paint;
CREATE TYPE paint.color AS ENUM ('red', 'green');
CREATE TABLE person (name text NOT NULL, current_mood mood, favourite paint.color);
INSERT INTO person VALUES ('Moe', 'happy', 'red'), ('Larry', 'meh', NULL), ('Curly', 'sad', 'green');
\dT
\dT+
\dT paint.*
\dT+ mood
\d person
SELECT name, current_mood FROM person ORDER BY current_mood;
SELECT enum_range(NULL::mood);
SELECT 'angry'::mood;
DROP TYPE mood;
DROP TABLE person;
DROP TYPE mood;
DROP TYPE paint.color;
DROP SCHEMA paint;
