-- Errors as psql shows them: message, LINE with a caret at the server's position, DETAIL,
-- HINT; a failed transaction block; the session going on afterwards.
CREATE TABLE item (id int NOT NULL, label varchar(5));
SELECT nosuch FROM item;
SELECT id,
       label,
       missing_column
  FROM item;
SELEC 1;
INSERT INTO item VALUES (NULL, 'x');
SELECT 1 / 0;
SELECT 'abc'::int;
SELECT * FROM no_table;
BEGIN;
INSERT INTO item VALUES (1, 'ok');
SELECT broken FROM item;
SELECT 1;
COMMIT;
SELECT count(*) FROM item;
SET no_such_setting = 1;
SET password_encryption = 'crypt';
DROP TABLE item;
