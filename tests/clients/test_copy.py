#!/usr/bin/python3
"""COPY against granary serve, compared with PostgreSQL 15: text and CSV formats, both option
syntaxes, column lists, COPY (query) TO, errors with their SQLSTATE, message and CONTEXT, and
the protocol message by message (CopyInResponse / CopyData / CopyDone / CopyFail,
CopyOutResponse, simple and extended query, errors in the middle of a COPY).

Every scenario runs on a fresh table set and returns plain data; copy_expected.json holds what
PostgreSQL 15 returned for each, recorded with

    test_copy.py --record "host=127.0.0.1 port=5432 user=postgres dbname=postgres" PORT USER DB

(a PostgreSQL reachable over TCP on 127.0.0.1:PORT for the raw protocol scenarios).

Usage: test_copy.py path/to/granary
"""
import io
import json
import os
import socket
import struct
import sys
import time
import unittest

import psycopg2

import pgwire
import server_fixture

EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "copy_expected.json")

SETUP = [
    "DROP VIEW IF EXISTS v",
    "DROP TABLE IF EXISTS t, d, k, n, w",
    "CREATE TABLE t (a int, b text, c numeric)",
    "CREATE TABLE d (a int, b text DEFAULT 'dflt', c int NOT NULL DEFAULT 0)",
    "CREATE TABLE k (id int PRIMARY KEY, v int CHECK (v < 100))",
    "CREATE TABLE n (x int NOT NULL, y varchar(3))",
    "CREATE TABLE w (a int, b text, c text)",
    "CREATE VIEW v AS SELECT a FROM t",
]

# (name, list of steps). A step is ("sql", text), ("in", copy statement, data) or
# ("out", copy statement).
SCENARIOS = [
    ("text_escapes", [
        ("in", "COPY t FROM STDIN",
         "1\thello\\tworld\t1.5\n2\t\\N\t\\N\n3\t\\101\\x41\\x4a\\\\ \\n end\t-0\n"
         "4\tback\\slash\\q\\b\\f\\v\\r\t7\n5\t\\0101\\1\\18z\t8\n6\t\t0\n"),
        ("out", "COPY t TO STDOUT"),
        ("sql", "SELECT a, b, c FROM t ORDER BY a"),
    ]),
    ("text_custom_delimiter_null", [
        ("in", "COPY t FROM STDIN WITH (DELIMITER '|', NULL 'nil')", "1|a\\|b|nil\n2|nil|3\n3|\\N|4\n"),
        ("out", "COPY t TO STDOUT (DELIMITER '|', NULL 'nil')"),
        ("out", "COPY t TO STDOUT WITH DELIMITER ',' NULL ''"),
        ("out", "COPY t TO STDOUT USING DELIMITERS ';'"),
        ("out", "COPY t (c, a) TO STDOUT WITH (FORMAT text, HEADER)"),
    ]),
    ("csv_basic", [
        ("in", "COPY t FROM STDIN WITH (FORMAT csv, HEADER)",
         "a,b,c\n1,plain,1\n2,\"quoted, comma\",2\n3,\"multi\nline\",3\n4,,4\n5,\"\",5\n"
         "6,\"say \"\"hi\"\"\",6\n"),
        ("sql", "SELECT a, b IS NULL, b, c FROM t ORDER BY a"),
        ("out", "COPY t TO STDOUT WITH (FORMAT csv, HEADER true)"),
        ("out", "COPY t TO STDOUT WITH CSV HEADER FORCE QUOTE b"),
        ("out", "COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE *)"),
        ("out", "COPY t TO STDOUT (FORMAT 'csv', QUOTE '''', ESCAPE '\\', DELIMITER ';', NULL 'N')"),
    ]),
    ("csv_options", [
        ("in", "COPY w FROM STDIN WITH CSV DELIMITER ';' QUOTE '''' ESCAPE '\\' NULL 'N' "
               "FORCE NOT NULL b",
         "1;N;N\n2;'x\\'y';'N'\n3;'a;b';''\n"),
        ("sql", "SELECT a, b IS NULL, b, c IS NULL, c FROM w ORDER BY a"),
        ("in", "COPY w FROM STDIN (FORMAT csv, FORCE_NULL (b, c))", "4,\"\",\n5,x,\"\"\n"),
        ("sql", "SELECT a, b IS NULL, b, c IS NULL, c FROM w WHERE a > 3 ORDER BY a"),
        ("in", "COPY w (c, a) FROM STDIN (FORMAT csv, HEADER MATCH)", "c,a\nlast,6\n"),
        ("sql", "SELECT a, b, c FROM w WHERE a = 6"),
        ("in", "COPY w FROM STDIN CSV", "7,\\.,x\n\\.\n8,after,marker\n"),
        ("sql", "SELECT a, b, c FROM w WHERE a >= 7 ORDER BY a"),
        ("out", "COPY (SELECT '\\.' AS x) TO STDOUT CSV"),
    ]),
    ("copy_from_where", [
        ("in", "COPY t FROM STDIN WHERE a % 2 = 0", "1\tone\t1\n2\ttwo\t2\n3\tthree\t3\n4\tfour\t4\n"),
        ("in", "COPY d (a) FROM STDIN WHERE b = 'dflt' AND a > 5", "5\n6\n"),
        ("in", "COPY d (a) FROM STDIN WHERE c <> 0", "7\n"),
        ("in", "COPY t FROM STDIN WHERE a", "1\tx\t1\n"),
        ("in", "COPY t FROM STDIN WHERE a IN (SELECT 1)", "1\tx\t1\n"),
        ("in", "COPY t FROM STDIN WHERE nosuch > 1", "1\tx\t1\n"),
        ("in", "COPY k FROM STDIN WHERE v < 100", "1\t1\n2\t200\n1\t3\n"),
        ("sql", "SELECT a, b FROM t ORDER BY a"),
        ("sql", "SELECT a, b, c FROM d ORDER BY a"),
    ]),
    ("column_list_defaults", [
        ("in", "COPY d (a) FROM STDIN", "1\n2\n"),
        ("in", "COPY d (c, a) FROM STDIN", "5\t3\n"),
        ("sql", "SELECT a, b, c FROM d ORDER BY a"),
        ("out", "COPY d (b, a) TO STDOUT"),
    ]),
    ("copy_query", [
        ("sql", "INSERT INTO t VALUES (1, 'one', 1.0), (2, 'two', NULL), (3, NULL, 3.25)"),
        ("out", "COPY (SELECT a, b FROM t WHERE a > 1 ORDER BY a) TO STDOUT"),
        ("out", "COPY (SELECT a * 2 AS doubled, b || '!' FROM t ORDER BY a) TO STDOUT WITH CSV HEADER"),
        ("out", "COPY (VALUES (1, 'x'), (2, NULL)) TO STDOUT"),
        ("out", "COPY (INSERT INTO t VALUES (9, 'nine', 9) RETURNING a, b) TO STDOUT"),
        ("out", "COPY (DELETE FROM t WHERE a = 9 RETURNING *) TO STDOUT (FORMAT csv)"),
        ("out", "COPY (INSERT INTO t VALUES (10, 'x', 1)) TO STDOUT"),
        ("out", "COPY (SELECT 1) TO STDOUT (FORMAT binary)"),
        ("out", "COPY (SELECT 7::int, NULL::text, 'hé'::text, 1.5::numeric) TO STDOUT BINARY"),
    ]),
    ("line_endings_and_marker", [
        ("in", "COPY t FROM STDIN", "1\tcrlf\t1\r\n2\tcrlf\t2\r\n"),
        ("in", "COPY t FROM STDIN", "3\tcr\t3\r4\tcr\t4\r"),
        ("in", "COPY t FROM STDIN", "5\tmarker\t5\n\\.\ngarbage that is ignored\n"),
        ("in", "COPY t FROM STDIN", "6\tno final newline\t6"),
        ("in", "COPY t FROM STDIN", ""),
        ("in", "COPY t FROM STDIN", "7\tbackslash newline \\\n continues\t7\n"),
        ("sql", "SELECT a, b, c FROM t ORDER BY a"),
        ("in", "COPY t FROM STDIN", "8\tx\t8\r\n9\ty\t9\n"),
        ("in", "COPY t FROM STDIN", "8\tx\t8\n9\ty\r9\n"),
        ("in", "COPY t FROM STDIN", "8\tx\t8\n\\.x\n"),
        ("in", "COPY t FROM STDIN", "8\tx\t8\r\n\\.\n"),
        ("sql", "SELECT count(*) FROM t"),
    ]),
    ("data_errors", [
        ("in", "COPY t FROM STDIN", "1\ta\t1\textra\n"),
        ("in", "COPY t FROM STDIN", "1\ta\n"),
        ("in", "COPY t FROM STDIN", "1\ta\t1\nx\tb\t2\n"),
        ("in", "COPY t FROM STDIN", "1\ta\tnot a number that is rather long and goes on and on and on "
                                    "and on and on and on and on and on and on and on and on and on\n"),
        ("in", "COPY t FROM STDIN (FORMAT csv)", "1,\"open,2\n"),
        ("in", "COPY t FROM STDIN", "1\t\\xff\t1\n"),
        ("in", "COPY t FROM STDIN", "1\tnul \x00 byte\t1\n"),
        ("in", "COPY t FROM STDIN (FORMAT csv)", "1,\"nul \x00 quoted\",1\n"),
        ("in", "COPY n FROM STDIN", "\\N\tabc\n"),
        ("in", "COPY n FROM STDIN", "1\tabcd\n"),
        ("in", "COPY k FROM STDIN", "1\t1\n2\t2\n1\t3\n"),
        ("in", "COPY k FROM STDIN", "5\t500\n"),
        ("in", "COPY w (a, b) FROM STDIN (FORMAT csv, HEADER MATCH)", "a,c\n1,2\n"),
        ("in", "COPY w (a, b) FROM STDIN (FORMAT csv, HEADER MATCH)", "a\n1,2\n"),
        ("sql", "SELECT (SELECT count(*) FROM t) + (SELECT count(*) FROM n) + (SELECT count(*) FROM k)"),
    ]),
    ("statement_errors", [
        ("in", "COPY nosuch FROM STDIN", ""),
        ("in", "COPY t (a, nosuch) FROM STDIN", ""),
        ("in", "COPY t (a, a) FROM STDIN", ""),
        ("in", "COPY v FROM STDIN", ""),
        ("out", "COPY v TO STDOUT"),
        ("in", "COPY t FROM STDIN (FORMAT xml)", ""),
        ("in", "COPY t FROM STDIN (FORMAT csv, FORMAT text)", ""),
        ("in", "COPY t FROM STDIN (nosuch 1)", ""),
        ("in", "COPY t FROM STDIN (DELIMITER 'ab')", ""),
        ("in", "COPY t FROM STDIN (DELIMITER 'x')", ""),
        ("in", "COPY t FROM STDIN (DELIMITER E'\\n')", ""),
        ("in", "COPY t FROM STDIN (NULL E'a\\rb')", ""),
        ("in", "COPY t FROM STDIN (QUOTE '\"')", ""),
        ("in", "COPY t FROM STDIN (FORMAT csv, QUOTE ',')", ""),
        ("in", "COPY t FROM STDIN (FORMAT csv, ESCAPE 'ab')", ""),
        ("in", "COPY t FROM STDIN (FORMAT csv, FORCE_QUOTE (a))", ""),
        ("out", "COPY t TO STDOUT (FORMAT csv, FORCE_NOT_NULL (a))"),
        ("out", "COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE (nosuch))"),
        ("in", "COPY t FROM STDIN (FORMAT csv, FORCE_NULL a)", ""),
        ("in", "COPY t FROM STDIN (FORMAT binary, HEADER)", ""),
        ("in", "COPY t FROM STDIN (DELIMITER ',', NULL 'a,b')", ""),
        ("in", "COPY t FROM STDIN (FORMAT csv, NULL '\"')", ""),
        ("in", "COPY t FROM STDIN (HEADER maybe)", ""),
        ("out", "COPY t TO STDOUT (HEADER match)"),
        ("in", "COPY t FROM STDIN (FREEZE)", ""),
        ("out", "COPY t TO STDOUT WHERE a > 1"),
    ]),
    ("freeze_and_transactions", [
        ("sql", "BEGIN"),
        ("sql", "TRUNCATE t"),
        ("in", "COPY t FROM STDIN WITH (FREEZE ON)", "1\tfrozen\t1\n"),
        ("sql", "COMMIT"),
        ("sql", "BEGIN"),
        ("in", "COPY t FROM STDIN", "2\tin block\t2\n"),
        ("in", "COPY t FROM STDIN", "3\tbad\tx\n"),
        ("sql", "SELECT 1"),
        ("sql", "ROLLBACK"),
        ("sql", "SELECT a, b FROM t ORDER BY a"),
        ("fail", "COPY t FROM STDIN", "4\tpartial\t4\n"),
        ("sql", "SELECT count(*) FROM t"),
    ]),
    ("binary_round_trip", [
        ("sql", "INSERT INTO t VALUES (1, 'one', 1.5), (2, NULL, -0.001), (3, 'hé', NULL)"),
        ("bin", "COPY t TO STDOUT (FORMAT binary)", "COPY t FROM STDIN (FORMAT binary)"),
        ("bin", "COPY (SELECT a, b FROM t) TO STDOUT BINARY", "COPY w (a, c) FROM STDIN BINARY"),
        ("bin", "COPY (SELECT a FROM t) TO STDOUT BINARY", "COPY t FROM STDIN BINARY"),
        ("bin", "COPY (SELECT a FROM t) TO STDOUT BINARY", "COPY n (y) FROM STDIN BINARY"),
        ("bin", "COPY (SELECT 'x'::text) TO STDOUT BINARY", "COPY d (a) FROM STDIN BINARY"),
        ("inbin", "COPY t FROM STDIN (FORMAT binary)", "504743"),
        ("inbin", "COPY t FROM STDIN (FORMAT binary)", "5047434f50590aff0d0a00000000000000000000"),
        ("inbin", "COPY t FROM STDIN (FORMAT binary)", "5047434f50590aff0d0a0000000000000000000003000000040000000aff"),
        ("inbin", "COPY t FROM STDIN (FORMAT binary)", "5047434f50590aff0d0a000000000000000000ffff00"),
        ("sql", "SELECT a, b, c FROM t ORDER BY a, b"),
        ("sql", "SELECT a, b, c FROM w ORDER BY a"),
    ]),
    ("many_rows", [
        ("in", "COPY k FROM STDIN", "".join("%d\t%d\n" % (i, i % 100) for i in range(1, 5001))),
        ("sql", "SELECT count(*), sum(id), sum(v) FROM k"),
        ("out", "COPY (SELECT id, v FROM k WHERE id % 1000 = 0 ORDER BY id) TO STDOUT"),
    ]),
]


class FailingReader(io.StringIO):
    """Sends some data, then fails: psycopg2 answers with CopyFail."""

    def __init__(self, data):
        super().__init__(data)
        self.sent = False

    def read(self, size=-1):
        if self.sent:
            raise ValueError("client gave up")
        self.sent = True
        return super().read()

    def readline(self, size=-1):
        return self.read(size)


def error_record(error):
    diag = error.diag
    return {"error": error.pgcode, "message": diag.message_primary, "detail": diag.message_detail,
            "context": diag.context}


def run_scenario(dsn, steps):
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    cur = conn.cursor()
    for sql in SETUP:
        cur.execute(sql)
    results = []
    for step in steps:
        kind = step[0]
        try:
            if kind == "sql":
                cur.execute(step[1])
                if cur.description is None:
                    results.append({"status": cur.statusmessage})
                else:
                    results.append({"rows": [[None if v is None else str(v) for v in row]
                                             for row in cur.fetchall()]})
            elif kind == "in":
                cur.copy_expert(step[1], io.StringIO(step[2]))
                results.append({"status": cur.statusmessage, "rowcount": cur.rowcount})
            elif kind == "bin":
                out = io.BytesIO()
                cur.copy_expert(step[1], out)
                out.seek(0)
                cur.copy_expert(step[2], out)
                results.append({"status": cur.statusmessage, "rowcount": cur.rowcount})
            elif kind == "inbin":
                cur.copy_expert(step[1], io.BytesIO(bytes.fromhex(step[2])))
                results.append({"status": cur.statusmessage, "rowcount": cur.rowcount})
            elif kind == "fail":
                cur.copy_expert(step[1], FailingReader(step[2]))
                results.append({"status": cur.statusmessage})
            elif kind == "out":
                out = io.BytesIO()
                cur.copy_expert(step[1], out)
                data = out.getvalue()
                try:
                    text = data.decode()
                except UnicodeDecodeError:
                    text = None
                results.append({"data": text if text is not None and "binary" not in step[1].lower()
                                and "BINARY" not in step[1] else data.hex(),
                                "status": cur.statusmessage})
        except psycopg2.Error as error:
            results.append(error_record(error))
    conn.close()
    return results


# ---------------------------------------------------------------- the protocol, raw

def cstr(text):
    return text.encode() + b"\0"


def copy_data(data):
    return pgwire.message(b"d", data)


COPY_DONE = pgwire.message(b"c")


def summarize(messages):
    """Message types, with the SQLSTATE of errors and the tags of CommandComplete."""
    out = []
    for kind, payload in messages:
        if kind == b"E":
            out.append("E:" + pgwire.error_fields(payload)["C"])
        elif kind == b"C":
            out.append("C:" + payload.rstrip(b"\0").decode())
        elif kind in (b"G", b"H"):
            out.append(kind.decode() + ":" + payload.hex())
        elif kind == b"d":
            out.append("d:" + payload.decode())
        elif kind == b"Z":
            out.append("Z:" + payload.decode())
        elif kind == b"closed":
            out.append("closed")
        elif kind in (b"N", b"S"):
            continue
        else:
            out.append(kind.decode())
    return out


def extended(sql):
    return pgwire.parse("", sql) + pgwire.bind("", "") + pgwire.describe(b"P", "") + pgwire.execute("")


PROTOCOL_SCENARIOS = [
    # (name, [(bytes to send, message type to read until or None)])
    ("simple_copy_in", [
        (pgwire.query("COPY t FROM STDIN"), b"G"),
        (copy_data(b"1\ta\t") + copy_data(b"1\n2\tb\t2\n") + pgwire.FLUSH + pgwire.SYNC + COPY_DONE, b"Z"),
        (pgwire.query("SELECT count(*) FROM t"), b"Z"),
    ]),
    ("simple_copy_in_script", [
        (pgwire.query("INSERT INTO t VALUES (100, 'x', 1); COPY t FROM STDIN; SELECT count(*) FROM t"), b"G"),
        (copy_data(b"101\ty\t2\n") + COPY_DONE, b"Z"),
    ]),
    ("simple_two_copies_in_script", [
        (pgwire.query("COPY t FROM STDIN; COPY d (a) FROM STDIN; SELECT 1"), b"G"),
        (copy_data(b"1\ta\t1\n") + COPY_DONE, b"G"),
        (copy_data(b"7\n") + COPY_DONE, b"Z"),
    ]),
    ("simple_copy_error_midway", [
        (pgwire.query("COPY t FROM STDIN"), b"G"),
        (copy_data(b"1\ta\t1\nbad\n"), b"Z"),
        (copy_data(b"2\tb\t2\n") + COPY_DONE + pgwire.query("SELECT count(*) FROM t"), b"Z"),
    ]),
    ("simple_copy_fail", [
        (pgwire.query("BEGIN; INSERT INTO t VALUES (1, 'x', 1)"), b"Z"),
        (pgwire.query("COPY t FROM STDIN"), b"G"),
        (copy_data(b"2\tb\t2\n") + pgwire.message(b"f", cstr("client says no")), b"Z"),
        (pgwire.query("ROLLBACK"), b"Z"),
    ]),
    ("unexpected_message_in_copy", [
        (pgwire.query("COPY t FROM STDIN"), b"G"),
        (pgwire.query("SELECT 1"), None),  # an error, then FATAL: the connection ends
    ]),
    ("extended_copy_in", [
        (extended("COPY t FROM STDIN") + pgwire.SYNC, b"G"),
        (copy_data(b"5\te\t5\n") + COPY_DONE + pgwire.SYNC, b"Z"),
        (pgwire.query("SELECT count(*) FROM t"), b"Z"),
    ]),
    ("extended_copy_in_error", [
        (extended("COPY t FROM STDIN") + pgwire.SYNC, b"G"),
        (copy_data(b"x\n"), b"E"),
        (copy_data(b"6\tf\t6\n") + COPY_DONE + pgwire.SYNC, b"Z"),
        (pgwire.query("SELECT count(*) FROM t"), b"Z"),
    ]),
    ("extended_copy_fail", [
        (extended("COPY t FROM STDIN") + pgwire.SYNC, b"G"),
        (pgwire.message(b"f", cstr("nope")) + pgwire.SYNC, b"Z"),
    ]),
    ("cancel_while_waiting_for_data", [
        (pgwire.query("COPY t FROM STDIN"), b"G"),
        (b"CANCEL", None),
        (copy_data(b"1\ta\t1\n") + COPY_DONE, b"Z"),
        (pgwire.query("SELECT count(*) FROM t"), b"Z"),
    ]),
    ("copy_out", [
        (pgwire.query("INSERT INTO t VALUES (1, 'a', 1.5), (2, NULL, NULL)"), b"Z"),
        (pgwire.query("COPY t TO STDOUT; COPY (SELECT a FROM t ORDER BY a) TO STDOUT (FORMAT csv)"), b"Z"),
        (extended("COPY (SELECT b FROM t ORDER BY a) TO STDOUT") + pgwire.SYNC, b"Z"),
    ]),
]


def run_protocol_scenario(port, user, database, steps, dsn):
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    for sql in SETUP:
        conn.cursor().execute(sql)
    conn.close()
    raw = pgwire.Connection(port)
    key = None
    for kind, payload in raw.login(user, database=database):
        if kind == b"K":
            key = payload
    out = []
    for data, until in steps:
        if data == b"CANCEL":
            # A CancelRequest on a connection of its own, then time for it to arrive.
            cancel = socket.create_connection(("127.0.0.1", port))
            cancel.sendall(struct.pack("!ii", 16, 80877102) + key)
            cancel.recv(1)
            cancel.close()
            time.sleep(0.5)
            continue
        raw.send(data)
        if until is None:
            messages = []
            try:
                while True:
                    messages.append(raw.read_message())
            except EOFError:
                messages.append((b"closed", b""))
            out.append(summarize(messages))
            raw.close()
            return out
        out.append(summarize(raw.read_until(until)))
    raw.send(pgwire.TERMINATE)
    raw.close()
    return out


def run_all(dsn, port, user, database):
    results = {name: run_scenario(dsn, steps) for name, steps in SCENARIOS}
    for name, steps in PROTOCOL_SCENARIOS:
        try:
            results["protocol_" + name] = run_protocol_scenario(port, user, database, steps, dsn)
        except (OSError, EOFError) as error:
            results["protocol_" + name] = "failed: %r" % error
    return results


class CopyTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY).start()
        with open(EXPECTED) as f:
            cls.expected = json.load(f)
        cls.actual = run_all(cls.server.dsn(), cls.server.port, "granary", "granary")

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def check(self, name):
        self.assertEqual(self.actual[name], self.expected[name], name)


def add_tests():
    names = [name for name, _ in SCENARIOS] + ["protocol_" + name for name, _ in PROTOCOL_SCENARIOS]
    for name in names:
        setattr(CopyTest, "test_" + name, lambda self, name=name: self.check(name))


add_tests()

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--record":
        dsn, port, user, database = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
        with open(EXPECTED, "w") as f:
            json.dump(run_all(dsn, port, user, database), f, indent=1, ensure_ascii=False)
            f.write("\n")
        sys.exit(0)
    GRANARY = server_fixture.granary_binary()
    unittest.main(argv=sys.argv[:1])
