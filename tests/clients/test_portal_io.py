#!/usr/bin/python3
"""How the rows of a query leave the server and what a portal sees, with a raw client
(pgwire.py), against PostgreSQL 15's behaviour:

- rows are sent as they are produced, so a query that fails midway delivers every row before
  the failing one (not only the batches before it), in the simple protocol, in Execute with
  and without a row limit (PortalSuspended) and in FETCH from a cursor, for errors in select
  lists, WHERE clauses, VALUES, join conditions and window functions; an aggregate sends
  none, and a SELECT
  that fails before its first row still sends its RowDescription (simple protocol);
- a portal's snapshot is taken at Bind: a row committed by another session between Bind and
  Execute is not seen (READ COMMITTED, outside a block);
- a cursor DECLAREd in SQL is a portal: Describe, Execute (with PortalSuspended) and Close
  reach it, and FETCH / MOVE and Executes continue from each other's position;
- text parameters are read by their type's input function at Bind (22P02 / 22003 there);
- errors of the protocol itself (an unknown portal or statement, a Bind with the wrong
  number of parameters or a bad binary value) fail a transaction block like a statement's
  error (25P02 until ROLLBACK) and roll back the implicit transaction.

Usage: test_portal_io.py path/to/granary

With GRANARY_TEST_PG_PORT set to the port of a PostgreSQL 15 server on 127.0.0.1 (trust for
user postgres), the rows-before-an-error scenarios also run against it and must give the same
messages.
"""
import os
import struct
import unittest

import pgwire
from pgwire import FLUSH, SYNC, bind, close, describe, execute, parse, query
import server_fixture

GRANARY = server_fixture.granary_binary()

# Fails on its 5000th row, in the middle of the plan's fifth batch of 1,024 rows.
FAILING_QUERY = "select 1/(x-5000) as v from generate_series(1,10000) x"
PG_PORT = os.environ.get("GRANARY_TEST_PG_PORT")


def summary(messages):
    """The message types with runs of DataRows counted, then the error's SQLSTATE:
    'T D*4999 E Z 22012'."""
    parts = []
    for kind in kinds(messages):
        letter = chr(kind)
        if letter == "D" and parts and parts[-1].startswith("D"):
            count = int(parts[-1][2:]) if "*" in parts[-1] else 1
            parts[-1] = "D*%d" % (count + 1)
        else:
            parts.append(letter)
    return " ".join(parts + [error_code(messages) or "-"])


kinds = pgwire.kinds
error_code = pgwire.error_code
data_rows = pgwire.data_rows


def ready_for_query_count(data):
    """How many ReadyForQuery the frontend messages `data` are answered with (one per Query
    and per Sync)."""
    count, pos = 0, 0
    while pos < len(data):
        count += data[pos:pos + 1] in (b"Q", b"S")
        pos += 1 + struct.unpack("!i", data[pos + 1:pos + 5])[0]
    return count


def transcript(messages):
    """The messages in short: RowDescription's column names and type OIDs, DataRow values,
    command tags, SQLSTATEs and the transaction status, e.g. 'T:x/23 D:1 s Z:T'."""
    parts = []
    for kind, payload in messages:
        letter = chr(kind[0])
        if letter == "T":
            count, pos, columns = struct.unpack("!h", payload[:2])[0], 2, []
            for _ in range(count):
                end = payload.index(b"\0", pos)
                type_oid = struct.unpack("!I", payload[end + 7:end + 11])[0]
                format_code = struct.unpack("!h", payload[end + 17:end + 19])[0]
                columns.append("%s/%d%s" % (payload[pos:end].decode(), type_oid, "b" if format_code else ""))
                pos = end + 19
            parts.append("T:" + ",".join(columns))
        elif letter == "D":
            values = data_rows([(kind, payload)])[0]
            parts.append("D:" + ",".join("null" if v is None else v.decode() for v in values))
        elif letter == "C":
            parts.append("C:" + payload[:-1].decode())
        elif letter == "E":
            parts.append("E:" + pgwire.error_fields(payload)["C"])
        elif letter == "Z":
            parts.append("Z:" + payload.decode())
        else:
            parts.append(letter)
    return " ".join(parts)


class PortalIoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY).start()  # trust on loopback

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def connect(self):
        conn = pgwire.Connection(self.server.port)
        self.addCleanup(conn.close)
        messages = conn.login("granary")
        self.assertEqual(messages[-1][0], b"Z", messages)
        return conn

    def run_sql(self, conn, sql):
        conn.send(query(sql))
        messages = conn.read_until(b"Z")
        self.assertIsNone(error_code(messages), messages)
        return messages

    def assert_rows_then_error(self, messages, first_kinds):
        """`first_kinds`, then DataRows, then the division's ErrorResponse."""
        self.assertEqual(error_code(messages), "22012")
        body = kinds(messages)
        self.assertTrue(body.startswith(first_kinds), body[:10])
        error_at = body.index(b"E")
        self.assertEqual(set(body[len(first_kinds):error_at]), {ord("D")})
        rows = data_rows(messages)
        # Every row before the failing one, as PostgreSQL sends them.
        self.assertEqual(len(rows), 4999)
        self.assertEqual(rows[0], [b"0"])
        self.assertEqual(rows[-1], [b"-1"])  # 1/(4999-5000)

    # ------------------------------------------------------------ rows as they are produced

    def test_simple_query_sends_rows_before_a_late_error(self):
        conn = self.connect()
        conn.send(query(FAILING_QUERY))
        messages = conn.read_until(b"Z")
        self.assert_rows_then_error(messages, b"T")
        self.assertEqual(messages[-1], (b"Z", b"I"))

    def test_simple_query_statements_after_streamed_rows(self):
        conn = self.connect()
        conn.send(query("select x from generate_series(1,3000) x; select 'next'"))
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"T" + b"D" * 3000 + b"C" + b"TDC" + b"Z")
        self.assertIn((b"C", b"SELECT 3000\0"), messages)
        self.assertEqual(data_rows(messages)[-1], [b"next"])

    def test_execute_without_limit_sends_rows_before_a_late_error(self):
        conn = self.connect()
        conn.send(parse("", FAILING_QUERY) + bind("", "") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assert_rows_then_error(messages, b"12")
        self.assertEqual(messages[-1], (b"Z", b"I"))

    def test_execute_with_limit_sends_rows_before_a_late_error(self):
        conn = self.connect()
        conn.send(parse("", FAILING_QUERY) + bind("", "") + execute("", 6000) + SYNC)
        messages = conn.read_until(b"Z")
        self.assert_rows_then_error(messages, b"12")

    JOIN_TABLES = [
        "create temp table pio_jl as select g as id from generate_series(1,3000) g",
        "create temp table pio_jr as select g as id from generate_series(1,3000) g",
        "create temp table pio_small as select g as y from generate_series(1,2) g",
        "analyze pio_jl", "analyze pio_jr", "analyze pio_small",
    ]

    # Each scenario: setup statements, then the messages of one round trip and the summary
    # PostgreSQL 15 answers them with.
    ROWS_BEFORE_ERROR = [
        # The brief's example: the failing row is in the first batch.
        ([], query("select 1/(x-500) from generate_series(1,1000) x"), "T D*499 E Z 22012"),
        # A cast that fails midway, in a select list and over VALUES.
        ([], query("select v::int from (values ('1'), ('2'), ('x'), ('4')) t(v)"), "T D*2 E Z 22P02"),
        ([], query("select * from (values (1), (2), (1/(0 * random())::int)) t(v)"), "T D*2 E Z 22012"),
        # A WHERE clause that fails: the rows it kept before the failing row leave.
        ([], query("select x from generate_series(1,3000) x where 10/(x-2100) <> 7"),
         "T D*2099 E Z 22012"),
        (["create temp table pio_scan as select g as id from generate_series(1,3000) g"],
         query("select id from pio_scan where 1/(id-1700) >= 0"), "T D*1698 E Z 22012"),
        # The first failing row decides, whichever output it fails in.
        ([], query("select 1/(x-700), 1/(x-600) from generate_series(1,1000) x"), "T D*599 E Z 22012"),
        # Execute without a limit, with a limit past the error and with limits before it.
        ([], parse("", "select 1/(x-500) from generate_series(1,1000) x") + bind("", "") +
         execute("") + SYNC, "1 2 D*499 E Z 22012"),
        ([], parse("", "select 1/(x-500) from generate_series(1,1000) x") + bind("", "") +
         execute("", 700) + SYNC, "1 2 D*499 E Z 22012"),
        (["begin"], parse("", "select 1/(x-500) from generate_series(1,1000) x") +
         bind("", "") + execute("", 300) + execute("", 150) + execute("", 100) + SYNC,
         "1 2 D*300 s D*150 s D*49 E Z 22012"),
        ([], parse("", "select 1/(x-500) from generate_series(1,1000) x") + bind("", "") +
         execute("", 499) + execute("", 1) + SYNC, "1 2 D*499 s E Z 22012"),
        # A SQL FETCH that fails sends none of its rows (PostgreSQL fills a tuplestore first).
        (["begin", "declare c cursor for select 1/(x-500) from generate_series(1,3000) x"],
         query("fetch 100 from c; fetch 600 from c"), "T D*100 C E Z 22012"),
        # LIMIT stops before the failing row: no error at all.
        ([], query("select 1/(x-500) from generate_series(1,1000) x limit 10"), "T D*10 C Z -"),
        # A join condition that fails on a late row: a hash join's, a nested loop semi join's
        # (EXISTS), a lateral join's; with and without a row limit.
        (JOIN_TABLES, query("select l.id from pio_jl l left join pio_jr r on l.id = r.id and 1/(l.id-2500) >= 0"),
         "T D*2499 E Z 22012"),
        (JOIN_TABLES, parse("", "select l.id from pio_jl l left join pio_jr r on l.id = r.id and 1/(l.id-2500) >= 0") +
         bind("", "") + execute("", 1000) + execute("", 2000) + SYNC, "1 2 D*1000 s D*1499 E Z 22012"),
        (JOIN_TABLES, query("select x from generate_series(1,3000) x where exists "
                            "(select 1 from pio_small s where 1/(x-2500) + s.y > 0)"), "T D*2499 E Z 22012"),
        ([], query("select x, y from generate_series(1,3000) x cross join lateral (select x/(x-2500) as y) l"),
         "T D*2499 E Z 22012"),
        # A window function's error: its argument's, FILTER's or its own, for the row it is
        # computing; the rows computed before leave first (PostgreSQL computes row by row).
        ([], query("select x, sum(1/(x-3000)) over (order by x) from generate_series(1,5000) x"),
         "T D*2999 E Z 22012"),
        ([], query("select x, count(*) filter (where 1/(x-300) > 0) over (order by x) from generate_series(1,500) x"),
         "T D*299 E Z 22012"),
        ([], query("select x, nth_value(x, 300-x) over (order by x) from generate_series(1,500) x"),
         "T D*299 E Z 22016"),
        # A peer group: the frame of its first row already holds the failing row.
        ([], query("select x, sum(1/(x-305)) over (order by x/10) from generate_series(1,500) x"),
         "T D*299 E Z 22012"),
        # lead reads the next row's argument; FILTER keeps a failing argument from being read.
        ([], query("select x, lead(1/(x-300)) over (order by x) from generate_series(1,500) x"),
         "T D*298 E Z 22012"),
        ([], query("select x, sum(1/(x-300)) filter (where x <> 300) over (order by x) from generate_series(1,500) x"),
         "T D*500 C Z -"),
        # Two calls: the first failing row decides; partitions come out one after another.
        ([], query("select x, row_number() over w, sum(1/(x-400)) over w, sum(1/(x-300)) over w "
                   "from generate_series(1,500) x window w as (order by x)"), "T D*299 E Z 22012"),
        ([], query("select x, sum(1/(x-300)) over (partition by x % 2 order by x) from generate_series(1,500) x"),
         "T D*149 E Z 22012"),
        # An error before the first row still follows the RowDescription (PostgreSQL describes
        # the result as the plan starts); an aggregate sends no row before its error.
        ([], query("select 1/(x-1) from generate_series(1,3) x"), "T E Z 22012"),
        ([], query("select sum(1/(x-500)) from generate_series(1,1000) x"), "T E Z 22012"),
        ([], query("select x % 10, sum(1/(x-500)) from generate_series(1,1000) x group by 1"), "T E Z 22012"),
        ([], parse("", "select count(*), max(1/(x-500)) from generate_series(1,1000) x") + bind("", "") +
         execute("") + SYNC, "1 2 E Z 22012"),
        (JOIN_TABLES, query("select l.id from pio_jl l join pio_jr r on l.id = r.id and 1/(l.id-2500) >= 0"),
         "T E Z 22012"),
    ]

    def run_scenarios(self, port, user, database):
        results = []
        for setup, messages, _ in self.ROWS_BEFORE_ERROR:
            conn = pgwire.Connection(port)
            try:
                self.assertEqual(conn.login(user, database=database)[-1][0], b"Z")
                for sql in setup:
                    self.run_sql(conn, sql)
                conn.send(messages)
                results.append(summary(conn.read_until(b"Z")))
            finally:
                conn.close()
        return results

    def test_every_row_before_the_failing_one_is_sent(self):
        results = self.run_scenarios(self.server.port, "granary", "granary")
        for (_, messages, expected), got in zip(self.ROWS_BEFORE_ERROR, results):
            self.assertEqual(got, expected, messages)

    @unittest.skipUnless(PG_PORT, "GRANARY_TEST_PG_PORT not set")
    def test_postgresql_sends_the_same_rows_before_the_error(self):
        results = self.run_scenarios(int(PG_PORT), "postgres", "postgres")
        for (_, messages, expected), got in zip(self.ROWS_BEFORE_ERROR, results):
            self.assertEqual(got, expected, messages)

    # ------------------------------------------------------------ SQL cursors as portals

    # Round trips on one connection and PostgreSQL 15's answers (transcript()).
    SQL_CURSOR_PORTALS = [
        (query("begin; declare c cursor for select x, 'a' || x as t from generate_series(1,10) x"),
         "C:BEGIN C:DECLARE CURSOR Z:T"),
        # Describe, then Execute with a row limit: PortalSuspended.
        (describe(b"P", "c") + execute("c", 3) + SYNC, "T:x/23,t/25 D:1,a1 D:2,a2 D:3,a3 s Z:T"),
        # FETCH, Execute and MOVE continue from each other's position.
        (query("fetch 2 from c"), "T:x/23,t/25 D:4,a4 D:5,a5 C:FETCH 2 Z:T"),
        (execute("c", 2) + SYNC, "D:6,a6 D:7,a7 s Z:T"),
        (query("move 1 in c"), "C:MOVE 1 Z:T"),
        (execute("c") + execute("c", 1) + SYNC, "D:9,a9 D:10,a10 C:SELECT 2 C:SELECT 0 Z:T"),
        (query("select name from pg_cursors"), "T:name/25 D:c C:SELECT 1 Z:T"),
        # Close 'P' closes the cursor.
        (close(b"P", "c") + SYNC, "3 Z:T"),
        (query("select count(*) from pg_cursors"), "T:count/20 D:0 C:SELECT 1 Z:T"),
        (execute("c", 1) + SYNC, "E:34000 Z:E"),
        (query("rollback"), "C:ROLLBACK Z:I"),
        # A BINARY cursor read through Execute is sent in text, as Describe says.
        (query("begin; declare b binary cursor for select x::int4 from generate_series(1,3) x"),
         "C:BEGIN C:DECLARE CURSOR Z:T"),
        (describe(b"P", "b") + execute("b", 1) + SYNC, "T:x/23 D:1 s Z:T"),
        # A portal cannot take a cursor's name.
        (parse("", "select 1") + bind("b", "") + SYNC, "1 E:42P03 Z:E"),
        (query("rollback"), "C:ROLLBACK Z:I"),
        # A cursor over no columns.
        (query("begin; declare n cursor for select from generate_series(1,2)"), "C:BEGIN C:DECLARE CURSOR Z:T"),
        (describe(b"P", "n") + execute("n", 1) + execute("n") + SYNC, "T: D: s D: C:SELECT 1 Z:T"),
        (query("commit"), "C:COMMIT Z:I"),
        # A WITH HOLD cursor outside a block; FETCH finds where the Executes left it.
        (query("declare h cursor with hold for select x from generate_series(1,5) x"), "C:DECLARE CURSOR Z:I"),
        (describe(b"P", "h") + execute("h", 2) + SYNC, "T:x/23 D:1 D:2 s Z:I"),
        (execute("h", 2) + SYNC + query("fetch 1 from h"), "D:3 D:4 s Z:I T:x/23 D:5 C:FETCH 1 Z:I"),
        (execute("h", 1) + close(b"P", "h") + execute("h", 1) + SYNC, "C:SELECT 0 3 E:34000 Z:I"),
        # A SCROLL cursor at its end: Execute gives nothing, FETCH PRIOR the last row.
        (query("begin; declare s scroll cursor for select x from generate_series(1,5) x; fetch last from s"),
         "C:BEGIN C:DECLARE CURSOR T:x/23 D:5 C:FETCH 1 Z:T"),
        (execute("s", 2) + SYNC + query("fetch prior from s"), "C:SELECT 0 Z:T T:x/23 D:5 C:FETCH 1 Z:T"),
        (query("rollback"), "C:ROLLBACK Z:I"),
        # An error midway: the rows before it, then the error, which fails the block; after
        # ROLLBACK TO the cursor cannot run (55000), and no RowDescription in a failed block.
        (query("begin; declare d cursor for select 1/(x-3) from generate_series(1,5) x; savepoint a"),
         "C:BEGIN C:DECLARE CURSOR C:SAVEPOINT Z:T"),
        (execute("d", 5) + SYNC, "D:0 D:-1 E:22012 Z:E"),
        (query("rollback to a"), "C:ROLLBACK Z:T"),
        (execute("d", 1) + SYNC, "E:55000 Z:E"),
        (describe(b"P", "d") + SYNC, "E:25P02 Z:E"),
        (query("rollback"), "C:ROLLBACK Z:I"),
        # A cursor ends with its transaction.
        (query("begin; declare e cursor for select 1; commit"), "C:BEGIN C:DECLARE CURSOR C:COMMIT Z:I"),
        (describe(b"P", "e") + SYNC, "E:34000 Z:I"),
    ]

    # A text parameter goes through its type's input function at Bind, as in PostgreSQL: bad
    # input fails the Bind (22P02) even when the statement would never read the parameter.
    PARAMETER_INPUT = [
        (parse("p", "select x from generate_series(1,5) x where x = $1") + bind("", "p", [b" 3 "]) +
         execute("") + SYNC, "1 2 D:3 C:SELECT 1 Z:I"),
        (bind("", "p", [b"abc"]) + execute("") + SYNC, "E:22P02 Z:I"),
        (bind("", "p", [b"99999999999"]) + execute("") + SYNC, "E:22003 Z:I"),
        (bind("", "p", [None]) + execute("") + SYNC, "2 C:SELECT 0 Z:I"),
        (parse("q", "select 1 as one where false and $1 = 1") + bind("", "q", [b"x"]) + execute("") + SYNC,
         "1 E:22P02 Z:I"),
        (parse("r", "select $1::text || '!' as t, $2 + 1 as n", [25, 20]) +
         bind("", "r", [b"a", b"41"]) + execute("") + SYNC, "1 2 D:a!,42 C:SELECT 1 Z:I"),
        (query("begin"), "C:BEGIN Z:T"),
        (bind("", "p", [b"1.5"]) + execute("") + SYNC, "E:22P02 Z:E"),
        (query("rollback"), "C:ROLLBACK Z:I"),
    ]

    def test_parameters_are_read_at_bind(self):
        results = self.run_round_trips(self.server.port, "granary", "granary", self.PARAMETER_INPUT)
        for (messages, expected), got in zip(self.PARAMETER_INPUT, results):
            self.assertEqual(got, expected, messages)

    @unittest.skipUnless(PG_PORT, "GRANARY_TEST_PG_PORT not set")
    def test_postgresql_reads_parameters_at_bind(self):
        results = self.run_round_trips(int(PG_PORT), "postgres", "postgres", self.PARAMETER_INPUT)
        for (messages, expected), got in zip(self.PARAMETER_INPUT, results):
            self.assertEqual(got, expected, messages)

    def test_explain_infers_parameter_types(self):
        # Parse of EXPLAIN analyses the explained statement, so an untyped $1 gets its type
        # and Bind may supply it (PostgreSQL's Parse does the same).
        conn = self.connect()
        conn.send(parse("", "explain (costs off) select x from generate_series(1,3) x where x = $1") +
                  describe(b"S", "") + bind("", "", [b"2"]) + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertIsNone(error_code(messages), messages)
        parameters = [payload for kind, payload in messages if kind == b"t"][0]
        self.assertEqual(struct.unpack("!hI", parameters[:6]), (1, 23))  # one int4 parameter
        self.assertIn(b"Function Scan on generate_series", b" ".join(r[0] for r in data_rows(messages)))
        conn.send(parse("", "explain (costs off) select 1/0 where $1") + bind("", "", [b"maybe"]) + SYNC)
        self.assertEqual(error_code(conn.read_until(b"Z")), "22P02")  # $1 is boolean

    def run_round_trips(self, port, user, database, round_trips):
        conn = pgwire.Connection(port)
        try:
            self.assertEqual(conn.login(user, database=database)[-1][0], b"Z")
            results = []
            for messages, _ in round_trips:
                conn.send(messages)
                answer = []
                for _ in range(ready_for_query_count(messages)):
                    answer += conn.read_until(b"Z")
                results.append(transcript(answer))
            return results
        finally:
            conn.close()

    def test_sql_cursor_is_a_portal(self):
        results = self.run_round_trips(self.server.port, "granary", "granary", self.SQL_CURSOR_PORTALS)
        for (messages, expected), got in zip(self.SQL_CURSOR_PORTALS, results):
            self.assertEqual(got, expected, messages)

    @unittest.skipUnless(PG_PORT, "GRANARY_TEST_PG_PORT not set")
    def test_postgresql_runs_sql_cursors_as_portals(self):
        results = self.run_round_trips(int(PG_PORT), "postgres", "postgres", self.SQL_CURSOR_PORTALS)
        for (messages, expected), got in zip(self.SQL_CURSOR_PORTALS, results):
            self.assertEqual(got, expected, messages)

    def test_where_current_of_a_protocol_portal(self):
        # A portal an Execute with a row limit left suspended is a cursor of that name.
        conn = self.connect()
        self.run_sql(conn, "create table pio_positioned as select g as id from generate_series(1,10) g")
        self.run_sql(conn, "begin")
        conn.send(parse("", "select id from pio_positioned") + bind("p", "") + execute("p", 3) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(len(data_rows(messages)), 3)
        conn.send(query("delete from pio_positioned where current of p returning id"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"3"]])
        conn.send(execute("p", 1) + SYNC)
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"4"]])
        conn.send(query("update pio_positioned set id = -id where current of p returning id"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"-4"]])
        conn.send(query("commit; select sum(id) from pio_positioned"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"44"]])

    def test_streamed_execute_counts_every_row(self):
        conn = self.connect()
        sql = "select x from generate_series(1,5000) x"
        conn.send(parse("", sql) + bind("", "") + execute("") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(len(data_rows(messages)), 5000)
        self.assertIn((b"C", b"SELECT 5000\0"), messages)
        self.assertIn((b"C", b"SELECT 0\0"), messages)  # the completed portal, again
        # A limit over a portal that streams: 3000 rows, then the remaining 2000.
        conn.send(parse("", sql) + bind("p", "") + execute("p", 3000) + execute("p", 0) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages)[:3], b"12D")
        self.assertEqual(len(data_rows(messages)), 5000)
        self.assertIn((b"s", b""), messages)
        self.assertIn((b"C", b"SELECT 2000\0"), messages)

    def test_dml_returning_sends_nothing_when_it_fails(self):
        # As PostgreSQL's PORTAL_ONE_RETURNING: the statement runs to completion first.
        conn = self.connect()
        self.run_sql(conn, "create table pio_returning (x int)")
        conn.send(parse("", "insert into pio_returning select x from generate_series(1,3000) x "
                            "returning 1/(x-2500)") + bind("", "") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(error_code(messages), "22012")
        self.assertEqual(data_rows(messages), [])
        conn.send(query("select count(*) from pio_returning"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"0"]])

    def test_slow_reader_gets_every_row(self):
        # More than the connection's outbox limit: the statement waits for the client.
        conn = self.connect()
        sql = "select repeat('x', 1000) from generate_series(1,20000)"
        conn.send(parse("", sql) + bind("", "") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(len(data_rows(messages)), 20000)
        self.assertIn((b"C", b"SELECT 20000\0"), messages)

    # ------------------------------------------------------------ the snapshot of a portal

    def test_bind_takes_the_snapshot(self):
        writer = self.connect()
        self.run_sql(writer, "create table pio_snapshot (x int); insert into pio_snapshot values (1)")
        for rows_at_bind, max_rows in ((1, 0), (2, 10)):  # a statement, a portal that streams
            with self.subTest(max_rows=max_rows):
                reader = self.connect()
                reader.send(parse("", "select count(*) from pio_snapshot") + bind("", "") + FLUSH)
                self.assertEqual(kinds(reader.read_until(b"2")), b"12")
                self.run_sql(writer, "insert into pio_snapshot values (2)")
                reader.send(execute("", max_rows) + SYNC)
                messages = reader.read_until(b"Z")
                self.assertIsNone(error_code(messages), messages)
                self.assertEqual(data_rows(messages), [[str(rows_at_bind).encode()]])
                # The next Bind sees the row.
                reader.send(bind("", "") + execute("") + SYNC)
                self.assertEqual(data_rows(reader.read_until(b"Z")), [[str(rows_at_bind + 1).encode()]])

    def test_bind_takes_the_snapshot_in_a_block(self):
        writer = self.connect()
        self.run_sql(writer, "create table pio_block (x int)")
        reader = self.connect()
        self.run_sql(reader, "begin")
        reader.send(parse("s", "select count(*) from pio_block") + bind("p", "s") + SYNC)
        self.assertEqual(reader.read_until(b"Z")[-1], (b"Z", b"T"))
        self.run_sql(writer, "insert into pio_block values (1)")
        reader.send(bind("q", "s") + execute("p") + execute("q") + SYNC)
        messages = reader.read_until(b"Z")
        self.assertEqual(data_rows(messages), [[b"0"], [b"1"]])
        self.run_sql(reader, "commit")

    # ------------------------------------------------------------ errors of the protocol

    def assert_fails_block(self, messages, sqlstate, conn):
        self.assertEqual(error_code(messages), sqlstate)
        self.assertEqual(messages[-1], (b"Z", b"E"))
        conn.send(query("select 1"))
        after = conn.read_until(b"Z")
        self.assertEqual(error_code(after), "25P02")
        conn.send(query("rollback"))
        self.assertEqual(conn.read_until(b"Z")[-1], (b"Z", b"I"))

    def test_protocol_errors_fail_the_block(self):
        int4 = 23
        cases = [
            ("34000", execute("no_such_portal")),
            ("26000", bind("", "no_such_statement")),
            ("08P01", parse("", "select $1::int", (int4,)) + bind("", "")),
            ("08P01", parse("", "select $1::int", (int4,)) + bind("", "", [b"\x00\x01"], [1])),
            ("22P03", parse("", "select $1::int", (int4,)) + bind("", "", [b"\x00\x00\x00\x01\x00"], [1])),
            ("42601", parse("", "selec 1")),
        ]
        conn = self.connect()
        for sqlstate, messages in cases:
            with self.subTest(sqlstate=sqlstate):
                self.run_sql(conn, "begin")
                conn.send(messages + SYNC)
                self.assert_fails_block(conn.read_until(b"Z"), sqlstate, conn)

    def test_bind_in_a_failed_block_is_refused(self):
        conn = self.connect()
        self.run_sql(conn, "begin")
        conn.send(parse("s", "select 1") + SYNC)
        conn.read_until(b"Z")
        conn.send(query("select 1/0"))
        self.assertEqual(error_code(conn.read_until(b"Z")), "22012")
        conn.send(bind("", "s") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(error_code(messages), "25P02")
        self.assertEqual(messages[-1], (b"Z", b"E"))
        # Transaction control still binds and runs.
        conn.send(parse("", "rollback") + bind("", "") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertIn((b"C", b"ROLLBACK\0"), messages)
        self.assertEqual(messages[-1], (b"Z", b"I"))

    def test_protocol_error_rolls_back_the_implicit_transaction(self):
        conn = self.connect()
        self.run_sql(conn, "create table pio_implicit (x int)")
        conn.send(parse("", "insert into pio_implicit values (1)") + bind("", "") + execute("") +
                  execute("no_such_portal") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(error_code(messages), "34000")
        self.assertEqual(messages[-1], (b"Z", b"I"))
        conn.send(query("select count(*) from pio_implicit"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"0"]])


if __name__ == "__main__":
    import sys
    sys.argv = sys.argv[:1]
    unittest.main()
