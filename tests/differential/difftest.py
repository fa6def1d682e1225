#!/usr/bin/python3
"""Differential tester: random schemas, data and queries run on Granary and PostgreSQL 15.

  difftest.py path/to/granary [--seeds 1-10] [--queries 300] [--ci] [--records FILE]

Each seed gives a schema with data and its share of the queries. Every difference is printed
with the seed, the schema, the data and the query (shrunk while the difference persists) and
as a sqllogictest record with PostgreSQL's answer. Exit status 1 when anything differed.
"""
import argparse
import os
import random
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402
import grammar  # noqa: E402
import servers  # noqa: E402

MAX_SHRINK_STEPS = 150


class Crash(Exception):
    pass


class Harness:
    def __init__(self, granary_binary, timeout):
        self.granary_binary = granary_binary
        self.timeout = timeout
        self.postgres = servers.Postgres().start()
        self.granary = None
        self.pg = servers.connect(self.postgres.dsn())
        self.start_granary()

    def start_granary(self):
        if self.granary is not None:
            self.granary.stop()
        self.granary = servers.Granary(self.granary_binary).start()
        self.gr = servers.connect(self.granary.dsn())
        for connection in (self.pg, self.gr):
            compare.run(connection, "SET statement_timeout = '%ds'" % self.timeout)

    def run_both(self, sql):
        expected = compare.run(self.pg, sql)
        try:
            actual = compare.run(self.gr, sql)
        except psycopg2.Error as error:
            log = self.granary.log()
            self.start_granary()
            raise Crash("Granary lost the connection (%s); server log tail:\n%s" % (
                str(error).strip(), log[-3000:]))
        return expected, actual

    def setup(self, tables, rows=None):
        """Creates the tables (with rows[name] instead of their rows when given) on both."""
        statements = ["DROP TABLE IF EXISTS t0, t1, t2, t3"]
        for table in tables:
            statements += table.setup_sql(None if rows is None else rows[table.name])
        for sql in statements:
            expected, actual = self.run_both(sql)
            reason = compare.same(expected, actual, sql, False, False)
            if reason:
                return sql, expected, actual, reason
        return None

    def close(self):
        for connection in (self.pg, getattr(self, "gr", None)):
            try:
                connection.close()
            except Exception:
                pass
        if self.granary:
            self.granary.stop()
        self.postgres.stop()


def signature(expected, actual):
    return (expected[0], expected[1] if expected[0] == "error" else None,
            actual[0], actual[1] if actual[0] == "error" else None)


def differs(harness, query, wanted_signature):
    sql = query.sql()
    try:
        expected, actual = harness.run_both(sql)
    except Crash:
        return wanted_signature == "crash"
    reason = compare.same(expected, actual, sql, query.ordered(), query.limited())
    return reason is not None and signature(expected, actual) == wanted_signature


def shrink_query(harness, query, wanted):
    steps = 0
    progress = True
    while progress and steps < MAX_SHRINK_STEPS:
        progress = False
        for variant in query.shrunk():
            steps += 1
            if differs(harness, variant, wanted):
                query, progress = variant, True
                break
            if steps >= MAX_SHRINK_STEPS:
                break
    return query


def shrink_data(harness, tables, query, wanted):
    """Drops unused tables, then chunks of rows, while the difference persists."""
    sql = query.sql()
    used = [t for t in tables if (" %s " % t.name) in (sql + " ")]
    rows = {t.name: list(t.rows) for t in used}
    attempts = 0

    def still(candidate):
        nonlocal attempts
        attempts += 1
        if harness.setup(used, candidate):
            return False
        return differs(harness, query, wanted)

    if not still(rows):
        return tables, {t.name: t.rows for t in tables}
    for table in used:
        chunk = max(1, len(rows[table.name]) // 2)
        while chunk >= 1 and attempts < 80:
            start, removed = 0, False
            while start < len(rows[table.name]) and attempts < 80:
                candidate = dict(rows)
                candidate[table.name] = rows[table.name][:start] + rows[table.name][start + chunk:]
                if still(candidate):
                    rows, removed = candidate, True
                else:
                    start += chunk
            if not removed:
                chunk //= 2
    return used, rows


def slt_record(tables, rows, query, expected, seed, reason):
    lines = ["# differential: seed %d (%s)" % (seed, reason), ""]
    for table in tables:
        for sql in table.setup_sql(rows[table.name]):
            lines += ["statement ok", sql, ""]
    if expected[0] == "error":
        lines += ["statement error %s" % expected[1], query.sql(), ""]
    else:
        sort = "nosort" if query.ordered() else "rowsort"
        lines += ["query %s %s" % ("T" * max(1, len(expected[1])), sort), query.sql(), "----"]
        for row in expected[2]:
            lines += ["NULL" if v is None else ("(empty)" if v == "" else v) for v in row]
        lines.append("")
    return "\n".join(lines)


def parse_seeds(text):
    if "-" in text:
        first, last = text.split("-")
        return list(range(int(first), int(last) + 1))
    return [int(s) for s in text.split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("granary")
    parser.add_argument("--seeds", help="e.g. 1-10 or 3,7 (default: one random seed per 30 queries)")
    parser.add_argument("--queries", type=int, default=300, help="queries in total")
    parser.add_argument("--ci", action="store_true", help="leave out grammar.CI_EXCLUDED")
    parser.add_argument("--without", action="append", default=[], choices=grammar.FEATURES)
    parser.add_argument("--records", help="append a sqllogictest record per difference here")
    parser.add_argument("--timeout", type=int, default=10, help="statement_timeout in seconds")
    parser.add_argument("--max-differences", type=int, default=20)
    args = parser.parse_args()

    if args.seeds:
        seeds = parse_seeds(args.seeds)
    else:
        base = random.SystemRandom().randrange(1, 10**9)
        seeds = [base + i for i in range(max(1, args.queries // 30))]
        print("random seeds %d-%d (rerun with --seeds %d-%d)" % (seeds[0], seeds[-1], seeds[0], seeds[-1]))
    per_seed = max(1, args.queries // len(seeds))
    excluded = set(args.without) | (set(grammar.CI_EXCLUDED) if args.ci else set())

    started = time.time()
    stats = {"queries": 0, "both_error": 0, "differences": 0, "timeouts": 0}
    harness = Harness(os.path.abspath(args.granary), args.timeout)
    try:
        for seed in seeds:
            if stats["differences"] >= args.max_differences:
                break
            generator = grammar.Generator(random.Random(seed), excluded)
            tables = generator.schema()
            failed = harness.setup(tables)
            if failed:
                sql, expected, actual, reason = failed
                stats["differences"] += 1
                print("=== seed %d: setup statement differs: %s\n%s\nPostgreSQL: %s\nGranary: %s\n" % (
                    seed, reason, sql, compare.describe(expected), compare.describe(actual)))
                continue
            for _ in range(per_seed):
                query = generator.query()
                stats["queries"] += 1
                sql = query.sql()
                try:
                    expected, actual = harness.run_both(sql)
                except Crash as crash:
                    stats["differences"] += 1
                    print("=== seed %d: CRASH\n%s\n%s\n%s\n" % (
                        seed, "\n".join(s for t in tables for s in t.setup_sql()), sql, crash))
                    harness.setup(tables)
                    continue
                if compare.TIMEOUT_SQLSTATE in (expected[1], actual[1]):
                    stats["timeouts"] += 1
                    print("--- seed %d: statement timeout on %s (not compared): %s" % (
                        seed, "PostgreSQL" if expected[1] == compare.TIMEOUT_SQLSTATE else "Granary", sql))
                if expected[0] == "error" and actual[0] == "error":
                    stats["both_error"] += 1
                reason = compare.same(expected, actual, sql, query.ordered(), query.limited())
                if reason is None:
                    continue
                stats["differences"] += 1
                report(harness, seed, tables, query, expected, actual, reason, args.records)
                harness.setup(tables)
                if stats["differences"] >= args.max_differences:
                    break
    finally:
        harness.close()
    print("%(queries)d queries, %(differences)d differences, %(both_error)d errors on both sides, "
          "%(timeouts)d timeouts" % stats + ", %.1f s" % (time.time() - started))
    return 1 if stats["differences"] else 0


def report(harness, seed, tables, query, expected, actual, reason, records):
    wanted = signature(expected, actual)
    original = query.sql()
    query = shrink_query(harness, query, wanted)
    used, rows = shrink_data(harness, tables, query, wanted)
    harness.setup(used, rows)
    expected, actual = harness.run_both(query.sql())
    reason = compare.same(expected, actual, query.sql(), query.ordered(), query.limited()) or reason
    record = slt_record(used, rows, query, expected, seed, reason)
    print("=== seed %d: %s\noriginal query: %s\nminimized:\n%s\nPostgreSQL: %s\nGranary:    %s\n" % (
        seed, reason, original, record, compare.describe(expected), compare.describe(actual)))
    sys.stdout.flush()
    if records:
        with open(records, "a") as f:
            f.write(record + "\n")


if __name__ == "__main__":
    sys.exit(main())
