-- pg_sleep returns void: one row, an empty value that is not NULL.
\pset null '<null>'
SELECT pg_sleep(0.01);
SELECT pg_sleep(0) AS slept, pg_sleep(NULL) AS skipped, 'x' AS after;
\x on
SELECT pg_sleep(0) AS slept, pg_typeof(pg_sleep(0));
\x off
\pset format unaligned
SELECT pg_sleep_for('1 millisecond'), 1 AS one;
