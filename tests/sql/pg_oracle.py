#!/usr/bin/python3
"""Checks (or fills in) the expected results of sqllogictest files against PostgreSQL.

PostgreSQL 15 is the oracle for tests/sql: every expected value and every SQLSTATE in these
files must be what PostgreSQL gives. shared/tools/slt_run.py checks query results but not
the SQLSTATE of `statement error <SQLSTATE>`; this script checks both, each file in a fresh
database, and with --fill rewrites query result blocks and the SQLSTATE of error
statements with what PostgreSQL returns (review the diff before committing it).

Usage:
    pg_oracle.py --dsn "host=/tmp port=5432 user=postgres" [--fill] FILE.test...

Rendering and parsing come from slt_run.py (found in ../shared/tools beside the repository,
or --slt-run DIR), so the verdicts agree with it.
"""

import argparse
import os
import re
import sys

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))


def load_slt_run(directory):
    sys.path.insert(0, directory)
    import slt_run  # noqa: E402  (path set just above)
    return slt_run


def engine_conditions_allow(rec):
    # Granary is PostgreSQL-compatible: we run what PostgreSQL runs, minus `onlyif granary`.
    for kind, name in rec.conditions:
        ours = name.lower() in ("postgresql",)
        if (kind == "skipif" and ours) or (kind == "onlyif" and not ours):
            return False
    return True


def run_file(slt, admin_dsn, path, fill):
    dbname = "oracle_" + re.sub(r"[^a-z0-9]", "_", os.path.basename(path).lower())[:40]
    admin = psycopg2.connect(admin_dsn + " dbname=postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS %s" % dbname)
        cur.execute("CREATE DATABASE %s" % dbname)
    conn = psycopg2.connect(admin_dsn + " dbname=" + dbname)
    conn.autocommit = True
    runner = slt.Runner(conn, "postgresql", "none", True, 1000)
    # --fill reuses the rows the check just read instead of running the query again: a query
    # with side effects (FETCH moves its cursor) must run once.
    last = {}
    execute = runner.execute

    def remembering_execute(sql, fetch):
        last["result"] = execute(sql, fetch)
        return last["result"]

    runner.execute = remembering_execute
    records = slt.parse_file(path)
    problems = []
    replacements = {}  # line number of record -> (new header, new expected or None)
    labels = {}
    for rec in records:
        if not engine_conditions_allow(rec):
            continue
        if rec.kind == "halt":
            break
        if rec.kind == "statement":
            header = "statement " + " ".join(rec.args)
            try:
                runner.execute(rec.sql, False)
                if rec.args[:1] != ["ok"]:
                    problems.append("%s:%d: succeeded but an error is expected" % (path, rec.line))
            except psycopg2.Error as e:
                if rec.args[:1] == ["ok"]:
                    problems.append("%s:%d: failed: %s" % (path, rec.line, (e.pgerror or "").strip()))
                else:
                    want = rec.args[1] if len(rec.args) > 1 else None
                    if want is not None and re.fullmatch(r"[0-9A-Z]{5}", want) and want != e.pgcode:
                        problems.append("%s:%d: SQLSTATE %s expected, PostgreSQL gives %s (%s)" % (
                            path, rec.line, want, e.pgcode, (e.pgerror or "").strip().splitlines()[0]))
                    if fill and (want is None or re.fullmatch(r"[0-9A-Z]{5}", want)):
                        replacements[rec.line] = ("statement error %s" % e.pgcode, None)
        elif rec.kind == "query":
            last.clear()
            error = runner.run_query(rec, labels)
            if error is not None:
                problems.append("%s:%d: %s" % (path, rec.line, error))
                if fill:
                    types = rec.args[0]
                    rows, ncol = last["result"] if "result" in last else runner.execute(rec.sql, True)
                    values = [[slt.render(v, types[i] if i < len(types) else "T")
                               for i, v in enumerate(row)] for row in rows]
                    mode = rec.args[1] if len(rec.args) > 1 else "nosort"
                    if mode == "rowsort":
                        values.sort()
                    flat = [v for r in values for v in r]
                    if mode == "valuesort":
                        flat.sort()
                    if ncol != len(types):
                        problems.append("%s:%d: fix the type string: %d columns" % (path, rec.line, ncol))
                    else:
                        replacements[rec.line] = (None, flat)
    conn.close()
    with admin.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS %s" % dbname)
    admin.close()
    if fill and replacements:
        rewrite(path, replacements)
    return problems


def rewrite(path, replacements):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out, i = [], 0
    while i < len(lines):
        number = i + 1
        if number not in replacements:
            out.append(lines[i])
            i += 1
            continue
        header, expected = replacements[number]
        out.append(header if header else lines[i])
        i += 1
        if expected is None:
            continue
        # copy the SQL up to '----' (or the end of the record), then the new results
        while i < len(lines) and lines[i].strip() != "" and lines[i] != "----":
            out.append(lines[i])
            i += 1
        if i < len(lines) and lines[i] == "----":
            i += 1
            while i < len(lines) and lines[i].strip() != "":
                i += 1
        out.append("----")
        out.extend(expected)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsn", required=True, help="libpq connection string without dbname")
    ap.add_argument("--fill", action="store_true", help="rewrite results and SQLSTATEs from PostgreSQL")
    ap.add_argument("--slt-run", default=os.path.join(HERE, "..", "..", "..", "shared", "tools"),
                    help="directory holding slt_run.py")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    slt = load_slt_run(os.path.abspath(args.slt_run))
    total = 0
    for path in args.files:
        problems = run_file(slt, args.dsn, path, args.fill)
        for p in problems:
            print(p)
        total += len(problems)
        print("%s: %s" % (path, "ok" if not problems else "%d problems" % len(problems)))
    return 1 if total and not args.fill else 0


if __name__ == "__main__":
    sys.exit(main())
