#!/usr/bin/python3
"""Turns a plain SQL script (one statement per line) into a sqllogictest file whose expected
results and SQLSTATEs come from PostgreSQL 15.

Usage: script_to_test.py SCRIPT.sql OUT.test DBNAME [--dsn "host=/tmp port=5432 user=postgres"]
The database DBNAME is dropped and created fresh. Queries with ORDER BY are compared in order,
others as rowsort. Review the file before committing it.
"""
import sys, psycopg2, psycopg2.extensions
RAW = psycopg2.extensions.new_type(tuple(psycopg2.extensions.string_types.keys()), "RAW", lambda s, c: s)
psycopg2.extensions.register_type(RAW)
src, out, db = sys.argv[1], sys.argv[2], sys.argv[3]
dsn = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--dsn" else "host=/tmp port=5432 user=postgres"
admin = psycopg2.connect(f"{dsn} dbname=postgres")
admin.autocommit = True
admin.cursor().execute(f"DROP DATABASE IF EXISTS {db}")
admin.cursor().execute(f"CREATE DATABASE {db}")
conn = psycopg2.connect(f"{dsn} dbname={db}")
conn.autocommit = True
cur = conn.cursor()
def render(v):
    if v is None: return "NULL"
    if v == "": return "(empty)"
    return "".join(ch if ' ' <= ch <= '~' else '@' for ch in v)
records = ["# Expected results produced by PostgreSQL 15.\n"]
for stmt in [s.strip().rstrip(';') for s in open(src) if s.strip()]:
    try:
        cur.execute(stmt)
    except psycopg2.Error as e:
        records.append(f"statement error {e.pgcode}\n{stmt}\n")
        continue
    if cur.description is None:
        records.append(f"statement ok\n{stmt}\n")
        continue
    rows = cur.fetchall()
    sort = "nosort" if "ORDER BY" in stmt.upper() else "rowsort"
    values = [render(v) for row in rows for v in row]
    if sort == "rowsort":
        values = [render(v) for row in sorted(rows, key=lambda r: [render(v) for v in r]) for v in row]
    records.append(f"query {'T' * len(cur.description)} {sort}\n{stmt}\n----\n" + "".join(v + "\n" for v in values))
open(out, "w").write("\n".join(records))
