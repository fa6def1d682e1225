#!/usr/bin/python3
"""The v3 protocol message by message, with a raw client (pgwire.py): startup and the
parameters reported, SSL/GSS requests, protocol versions, the extended protocol's portals,
row limits and error handling, simple query edge cases, transaction status.

Usage: test_protocol.py path/to/granary
"""
import struct
import unittest

import pgwire
from pgwire import SYNC, bind, describe, execute, parse, query
import server_fixture

GRANARY = server_fixture.granary_binary()


kinds = pgwire.kinds
data_rows = pgwire.data_rows


def error_code(messages):
    return pgwire.error_code(messages, notices=True)


class ProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY).start()  # trust on loopback

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def connect(self, **params):
        conn = pgwire.Connection(self.server.port)
        self.addCleanup(conn.close)
        messages = conn.login("granary", **params)
        self.assertEqual(messages[-1][0], b"Z", messages)
        return conn, messages

    def raw(self):
        conn = pgwire.Connection(self.server.port)
        self.addCleanup(conn.close)
        return conn

    # ------------------------------------------------------------ startup

    def test_startup_reports_postgresql_15_parameters(self):
        _, messages = self.connect(application_name="raw")
        self.assertEqual(messages[0], (b"R", struct.pack("!i", 0)))
        status = {}
        for kind, payload in messages:
            if kind == b"S":
                name, value, _ = payload.split(b"\0")
                status[name.decode()] = value.decode()
        self.assertEqual(status, {
            "application_name": "raw", "client_encoding": "UTF8", "DateStyle": "ISO, MDY",
            "default_transaction_read_only": "off", "in_hot_standby": "off",
            "integer_datetimes": "on", "IntervalStyle": "postgres", "is_superuser": "on",
            "server_encoding": "UTF8", "server_version": "15.0",
            "session_authorization": "granary", "standard_conforming_strings": "on",
            "TimeZone": "UTC"})
        self.assertEqual(kinds(messages)[-2:], b"KZ")
        self.assertEqual(messages[-1][1], b"I")

    def test_options_parameter_sets_settings(self):
        conn, messages = self.connect(options="-c application_name=from\\ options --search_path=public")
        self.assertIn((b"S", b"application_name\0from options\0"), messages)
        conn.send(query("SHOW search_path"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"public"]])

    def test_driver_settings_at_startup_are_accepted(self):
        # What pgJDBC sends in its startup packet, from a JVM in Paris.
        conn, messages = self.connect(DateStyle="ISO", extra_float_digits="3",
                                      TimeZone="Europe/Paris", client_encoding="UTF8")
        self.assertIn((b"S", b"TimeZone\0Europe/Paris\0"), messages)
        self.assertIn((b"S", b"DateStyle\0ISO, MDY\0"), messages)

    def test_ssl_and_gss_requests_are_declined(self):
        conn = self.raw()
        conn.send(struct.pack("!ii", 8, 80877103))
        self.assertEqual(conn.read_byte(), b"N")
        conn.send(struct.pack("!ii", 8, 80877104))
        self.assertEqual(conn.read_byte(), b"N")
        self.assertEqual(conn.login("granary")[-1][0], b"Z")

    def test_newer_minor_version_is_negotiated(self):
        conn = self.raw()
        body = struct.pack("!i", 196609) + b"user\0granary\0_pq_.fancy\0on\0\0"
        conn.send(struct.pack("!i", len(body) + 4) + body)
        messages = conn.read_until(b"Z")
        self.assertEqual(messages[0], (b"v", struct.pack("!ii", 196608, 1) + b"_pq_.fancy\0"))

    def test_startup_failures_are_fatal(self):
        cases = [
            (struct.pack("!i", 131072) + b"user\0granary\0\0", "0A000"),   # protocol 2.0
            (struct.pack("!i", 196608) + b"database\0granary\0\0", "28000"),  # no user
            (struct.pack("!i", 196608) + b"user\0granary\0no_such_guc\0x\0\0", "42704"),
            (struct.pack("!i", 196608) + b"user\0granary\0database\0nope\0\0", "3D000"),
            (struct.pack("!i", 196608) + b"user\0nobody\0\0", "28000"),
            (struct.pack("!i", 196608) + b"user\0granary\0replication\0true\0\0", "0A000"),
            (struct.pack("!i", 196608) + b"user\0granary\0client_encoding\0LATIN1\0\0", "22023"),
        ]
        for body, sqlstate in cases:
            with self.subTest(sqlstate=sqlstate, body=body):
                conn = self.raw()
                conn.send(struct.pack("!i", len(body) + 4) + body)
                messages = conn.read_until(b"E")
                fields = pgwire.error_fields(messages[-1][1])
                self.assertEqual((fields["S"], fields["V"], fields["C"]), ("FATAL", "FATAL", sqlstate))
                self.assertTrue(conn.closed_by_server())

    # ------------------------------------------------------------ simple query

    def test_empty_query(self):
        conn, _ = self.connect()
        conn.send(query("  ;  -- nothing\n"))
        self.assertEqual(kinds(conn.read_until(b"Z")), b"IZ")

    def test_statements_of_a_query_string_report_as_they_complete(self):
        conn, _ = self.connect()
        conn.send(query("CREATE TABLE s (x int); INSERT INTO s VALUES (1), (2); SELECT x FROM s ORDER BY x"))
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"CCTDDCZ")
        self.assertEqual(messages[1], (b"C", b"INSERT 0 2\0"))
        self.assertEqual(messages[-2], (b"C", b"SELECT 2\0"))

    def test_error_stops_the_string_and_rolls_back_its_implicit_transaction(self):
        conn, _ = self.connect()
        conn.send(query("CREATE TABLE r (x int)"))
        conn.read_until(b"Z")
        conn.send(query("INSERT INTO r VALUES (1); SELECT 1/0; INSERT INTO r VALUES (2)"))
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"CEZ")
        self.assertEqual(error_code(messages), "22012")
        self.assertEqual(messages[-1][1], b"I")
        conn.send(query("SELECT count(*) FROM r"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"0"]])

    def test_ready_for_query_reports_transaction_status(self):
        conn, _ = self.connect()
        for sql, status in [("BEGIN", b"T"), ("SELECT 1", b"T"), ("SELECT nope", b"E"),
                            ("SELECT 1", b"E"), ("ROLLBACK", b"I"), ("SELECT 1", b"I")]:
            conn.send(query(sql))
            self.assertEqual(conn.read_until(b"Z")[-1], (b"Z", status), sql)

    def test_and_chain_leaves_a_transaction_open(self):
        # COMMIT / ROLLBACK AND CHAIN start the next block at once: still 'T', also after a
        # failed block; outside a block the chain is 25P01 and nothing stays open.
        conn, _ = self.connect()
        for sql, status in [("BEGIN", b"T"), ("COMMIT AND CHAIN", b"T"), ("SELECT nope", b"E"),
                            ("ROLLBACK AND CHAIN", b"T"), ("END AND NO CHAIN", b"I"),
                            ("COMMIT AND CHAIN", b"I")]:
            conn.send(query(sql))
            self.assertEqual(conn.read_until(b"Z")[-1], (b"Z", status), sql)
        conn.send(query("ROLLBACK AND CHAIN"))
        self.assertEqual(error_code(conn.read_until(b"Z")), "25P01")

    def test_errors_carry_position_and_severity(self):
        conn, _ = self.connect()
        conn.send(query("SELECT 1 + nope"))
        messages = conn.read_until(b"Z")
        fields = pgwire.error_fields(messages[0][1])
        self.assertEqual((fields["S"], fields["V"], fields["C"], fields["P"]), ("ERROR", "ERROR", "42703", "12"))
        self.assertEqual(fields["M"], 'column "nope" does not exist')

    def test_invalid_utf8_is_refused(self):
        conn, _ = self.connect()
        conn.send(pgwire.message(b"Q", b"SELECT '\xff'\0"))
        messages = conn.read_until(b"Z")
        self.assertEqual(error_code(messages), "22021")

    def test_function_call_is_not_supported(self):
        conn, _ = self.connect()
        conn.send(pgwire.message(b"F", struct.pack("!ih", 1, 0) + struct.pack("!hh", 0, 0)))
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"EZ")
        self.assertEqual(error_code(messages), "0A000")

    def test_terminate_closes(self):
        conn, _ = self.connect()
        conn.send(pgwire.TERMINATE)
        self.assertTrue(conn.closed_by_server())

    # ------------------------------------------------------------ extended query

    def prepare_numbers(self, conn, table, count=5):
        conn.send(query("CREATE TABLE %s (n int); INSERT INTO %s VALUES " % (table, table) +
                        ", ".join("(%d)" % i for i in range(count))))
        conn.read_until(b"Z")

    def test_row_limits_suspend_the_portal(self):
        conn, _ = self.connect()
        self.prepare_numbers(conn, "limited")
        conn.send(parse("", "SELECT n FROM limited ORDER BY n") + bind("", "") +
                  execute("", 2) + execute("", 2) + execute("", 0) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12DDsDDsDCZ")
        self.assertEqual([row[0] for row in data_rows(messages)], [b"0", b"1", b"2", b"3", b"4"])
        self.assertEqual(messages[-2], (b"C", b"SELECT 1\0"))
        # A limit reached exactly suspends the portal; the next Execute completes it with
        # SELECT 0 (what PostgreSQL 15 answers).
        conn.send(parse("", "SELECT n FROM limited ORDER BY n") + bind("", "") +
                  execute("", 5) + execute("", 5) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12DDDDDsCZ")
        self.assertEqual(messages[-2], (b"C", b"SELECT 0\0"))

    def test_describe_statement_and_portal(self):
        conn, _ = self.connect()
        self.prepare_numbers(conn, "described")
        conn.send(parse("s", "SELECT n, $1::text AS label FROM described WHERE n < $2", [0, 23]) +
                  describe(b"S", "s") + bind("p", "s", [b"x", struct.pack("!i", 2)], [0, 1], [1]) +
                  describe(b"P", "p") + execute("p") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"1tT2TDDCZ")
        self.assertEqual(messages[1][1], struct.pack("!hII", 2, 25, 23))
        # Describe 'P' reports the binary result format asked for in Bind.
        self.assertEqual(messages[4][1][-2:], struct.pack("!h", 1))
        self.assertEqual(data_rows(messages)[0], [struct.pack("!i", 0), b"x"])

    def test_prepared_with_recursive_runs_again_with_new_parameters(self):
        conn, _ = self.connect()
        conn.send(parse("walk", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                                "WHERE n < $1) SELECT count(*), sum(n) FROM r", [23]) +
                  bind("", "walk", [b"10"]) + execute("") +
                  bind("", "walk", [b"100"]) + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12DC2DCZ")
        self.assertEqual(data_rows(messages), [[b"10", b"55"], [b"100", b"5050"]])

    def test_cursors_over_simple_and_extended_protocol(self):
        conn, _ = self.connect()
        conn.send(query("BEGIN; DECLARE c SCROLL CURSOR FOR SELECT g AS n, 'v' || g AS label "
                        "FROM generate_series(1, 5) g; FETCH 2 c; MOVE 2 c; FETCH PRIOR c"))
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"CCTDDCCTDCZ")
        self.assertEqual(messages[1], (b"C", b"DECLARE CURSOR\0"))
        self.assertEqual(messages[5], (b"C", b"FETCH 2\0"))
        self.assertEqual(messages[6], (b"C", b"MOVE 2\0"))
        self.assertEqual(data_rows(messages), [[b"1", b"v1"], [b"2", b"v2"], [b"3", b"v3"]])
        # Parse/Bind/Describe/Execute of FETCH: Describe gives the cursor's columns, the Bind's
        # result formats apply (binary int4 here); MOVE describes as NoData.
        conn.send(parse("", "FETCH FIRST FROM c") + bind("", "", [], [], [1, 0]) + describe(b"P", "") +
                  execute("") + parse("", "MOVE LAST c") + bind("", "") + describe(b"P", "") +
                  execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12TDC12nCZ")
        self.assertIn(b"label\0", messages[2][1])
        self.assertEqual(data_rows(messages), [[struct.pack("!i", 1), b"v1"]])
        self.assertEqual(messages[4], (b"C", b"FETCH 1\0"))
        self.assertEqual(messages[8], (b"C", b"MOVE 1\0"))
        # Execute with a row limit pages through the FETCH's rows.
        conn.send(parse("", "FETCH ABSOLUTE 0 FROM c") + bind("", "") + execute("") +
                  parse("", "FETCH ALL FROM c") + bind("", "") + execute("", 3) + execute("", 3) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12C12DDDsDDCZ")
        self.assertEqual(messages[-2], (b"C", b"FETCH 2\0"))
        conn.send(query("CLOSE c; FETCH c"))
        messages = conn.read_until(b"Z")
        self.assertEqual(messages[0], (b"C", b"CLOSE CURSOR\0"))
        self.assertEqual(error_code(messages), "34000")
        conn.send(query("ROLLBACK"))
        conn.read_until(b"Z")

    def test_binary_cursor_answers_in_binary_over_simple_query(self):
        conn, _ = self.connect()
        conn.send(query("BEGIN; DECLARE b BINARY CURSOR FOR SELECT 258::int4 AS x, 'é'::text AS t; FETCH b"))
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"CCTDCZ")
        description = messages[2][1]
        self.assertEqual(description[-2:], struct.pack("!h", 1))
        self.assertEqual(data_rows(messages), [[struct.pack("!i", 258), "é".encode()]])
        conn.send(query("ROLLBACK"))
        conn.read_until(b"Z")

    def test_statements_without_rows_describe_as_no_data(self):
        conn, _ = self.connect()
        conn.send(parse("", "SET application_name = 'x'") + describe(b"S", "") + bind("", "") +
                  execute("") + SYNC)
        self.assertEqual(kinds(conn.read_until(b"Z")), b"1tn2CSZ")

    def test_error_skips_until_sync(self):
        conn, _ = self.connect()
        conn.send(parse("", "SELECT $1::int") + bind("", "", []) + execute("") +
                  parse("", "SELECT 1") + SYNC + query("SELECT 2"))
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"1EZ")
        self.assertEqual(error_code(messages), "08P01")
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"2"]])

    def test_named_statement_and_portal_errors(self):
        conn, _ = self.connect()
        for messages_in, sqlstate in [
            (parse("dup", "SELECT 1") + parse("dup", "SELECT 2"), "42P05"),
            (bind("", "never_prepared"), "26000"),
            (execute("no_portal"), "34000"),
            (parse("", "SELECT 1; SELECT 2"), "42601"),
            (parse("", "SELECT $1", [600]), "0A000"),  # point
            (parse("", "SELECT 1") + bind("", "", [], [], [7]), "22023"),
        ]:
            with self.subTest(sqlstate=sqlstate):
                conn.send(messages_in + SYNC)
                messages = conn.read_until(b"Z")
                self.assertEqual(error_code(messages), sqlstate)
                conn.send(pgwire.close(b"S", "dup") + SYNC)
                conn.read_until(b"Z")

    def test_close_and_reuse(self):
        conn, _ = self.connect()
        conn.send(parse("a", "SELECT 1") + pgwire.close(b"S", "a") + pgwire.close(b"P", "nothing") +
                  parse("a", "SELECT 2") + bind("", "a") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"13312DCZ")
        self.assertEqual(data_rows(messages), [[b"2"]])

    def test_extended_statements_share_one_transaction_until_sync(self):
        conn, _ = self.connect()
        conn.send(query("CREATE TABLE x1 (v int)"))
        conn.read_until(b"Z")
        insert = parse("", "INSERT INTO x1 VALUES (1)") + bind("", "") + execute("")
        failing = parse("", "SELECT 1/0") + bind("", "") + execute("")
        conn.send(insert + insert + failing + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(error_code(messages), "22012")
        conn.send(query("SELECT count(*) FROM x1"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"0"]])
        conn.send(insert + insert + SYNC)
        conn.read_until(b"Z")
        conn.send(query("SELECT count(*) FROM x1"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"2"]])

    # ------------------------------------------------------------ portals that stream

    SERIES = "SELECT g FROM generate_series(1, 100000000) g"  # 10^8 rows: never materialised

    def test_portal_over_a_huge_series_returns_its_first_rows(self):
        # Materialising 10^8 rows takes far longer than the statement_timeout (and gigabytes):
        # a portal that streams returns its first rows and closes at once. (PostgreSQL's
        # FunctionScan stores a set-returning function's rows first and times out here; Granary's
        # generate_series produces them as the scan asks.)
        conn, _ = self.connect(options="-c statement_timeout=5s")
        conn.send(parse("", self.SERIES) + bind("", "", [], [], [1]) + execute("", 10) +
                  pgwire.close(b"P", "") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12" + b"D" * 10 + b"s3Z", messages[-3:])
        self.assertEqual(data_rows(messages), [[struct.pack("!i", n)] for n in range(1, 11)])
        # The portal is a cursor of the session while it is open (pg_cursors, as PostgreSQL).
        conn.send(parse("huge", self.SERIES) + bind("p", "huge") + execute("p", 3) +
                  parse("", "SELECT name, statement FROM pg_cursors") + bind("", "") + execute("") +
                  execute("p", 2) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12DDDs12DCDDsZ")
        rows = data_rows(messages)
        self.assertEqual(rows[3], [b"p", self.SERIES.encode()])
        self.assertEqual([row[0] for row in rows[:3] + rows[4:]], [b"1", b"2", b"3", b"4", b"5"])
        self.assertEqual(messages[-1], (b"Z", b"I"))

    def test_execute_continues_until_the_portal_completes(self):
        conn, _ = self.connect()
        conn.send(parse("", "SELECT g, 'row ' || g AS label FROM generate_series(1, 2500) g") +
                  bind("", "") + execute("", 1000) + execute("", 1000) + execute("", 1000) +
                  execute("", 1000) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages),
                         b"12" + b"D" * 1000 + b"s" + b"D" * 1000 + b"s" + b"D" * 500 + b"CCZ")
        rows = data_rows(messages)
        self.assertEqual([int(row[0]) for row in rows], list(range(1, 2501)))
        self.assertEqual(rows[2499][1], b"row 2500")
        # Each Execute's tag counts its own rows; once complete, an Execute returns SELECT 0.
        self.assertEqual(messages[-3], (b"C", b"SELECT 500\0"))
        self.assertEqual(messages[-2], (b"C", b"SELECT 0\0"))

    def test_sync_ends_the_implicit_transaction_and_its_portals(self):
        conn, _ = self.connect()
        conn.send(parse("series", self.SERIES) + bind("p", "series") + execute("p", 3) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12DDDsZ")
        conn.send(execute("p", 3) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"EZ")
        self.assertEqual(error_code(messages), "34000")
        # In a transaction block the portal outlives Sync, until Close or the block's end;
        # SQL's FETCH reads the same portal, and its name is taken while it is open.
        conn.send(query("BEGIN"))
        conn.read_until(b"Z")
        conn.send(bind("p", "series") + execute("p", 2) + SYNC)
        self.assertEqual(kinds(conn.read_until(b"Z")), b"2DDsZ")
        conn.send(execute("p", 2) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(data_rows(messages), [[b"3"], [b"4"]])
        self.assertEqual(messages[-1], (b"Z", b"T"))
        conn.send(query("FETCH 2 FROM p"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"5"], [b"6"]])
        conn.send(query("DECLARE p CURSOR FOR SELECT 1"))
        self.assertEqual(error_code(conn.read_until(b"Z")), "42P03")
        conn.send(query("ROLLBACK; BEGIN; DECLARE c CURSOR FOR SELECT 1"))
        conn.read_until(b"Z")
        conn.send(bind("c", "series") + SYNC)
        self.assertEqual(error_code(conn.read_until(b"Z")), "42P03")
        # Close reaches a SQL cursor too.
        conn.send(query("ROLLBACK; BEGIN; DECLARE c CURSOR FOR SELECT 1"))
        conn.read_until(b"Z")
        conn.send(pgwire.close(b"P", "c") + SYNC)
        self.assertEqual(kinds(conn.read_until(b"Z")), b"3Z")
        conn.send(query("FETCH c"))
        self.assertEqual(error_code(conn.read_until(b"Z")), "34000")
        conn.send(query("ROLLBACK; BEGIN"))
        conn.read_until(b"Z")
        conn.send(bind("p", "series") + execute("p", 1) + pgwire.close(b"P", "p") + execute("p", 1) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"2Ds3EZ")
        self.assertEqual(error_code(messages), "34000")
        conn.send(query("ROLLBACK"))
        conn.read_until(b"Z")
        # COMMIT ends the block's portals too.
        conn.send(query("BEGIN"))
        conn.read_until(b"Z")
        conn.send(bind("p", "series") + execute("p", 1) + SYNC)
        conn.read_until(b"Z")
        conn.send(query("COMMIT"))
        conn.read_until(b"Z")
        conn.send(execute("p", 1) + SYNC)
        self.assertEqual(error_code(conn.read_until(b"Z")), "34000")

    def test_bind_replaces_the_unnamed_portal(self):
        conn, _ = self.connect()
        # The second Bind ends the first portal's plan: the new one starts from the first row.
        conn.send(parse("", self.SERIES) + bind("", "") + execute("", 2) + bind("", "") +
                  execute("", 2) + bind("", "") + execute("", 1) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12DDs2DDs2DsZ")
        self.assertEqual(data_rows(messages), [[b"1"], [b"2"], [b"1"], [b"2"], [b"1"]])

    def test_error_while_fetching_aborts_the_transaction(self):
        conn, _ = self.connect()
        conn.send(query("CREATE TABLE fetch_error (v int)"))
        conn.read_until(b"Z")
        # Division by zero at row 50,000: the first Executes return their rows, a later one
        # fails, and the implicit transaction (with its INSERT) rolls back.
        conn.send(parse("", "INSERT INTO fetch_error VALUES (1)") + bind("", "") + execute("") +
                  parse("", "SELECT 100000 / (g - 50000) AS q FROM generate_series(1, 100000) g") +
                  bind("", "") + execute("", 3) + execute("", 3) + execute("") +
                  parse("", "SELECT 1") + bind("", "") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages)[:13], b"12C12DDDsDDDs")
        self.assertEqual(kinds(messages)[-2:], b"EZ")
        self.assertEqual(error_code(messages), "22012")
        self.assertEqual([row[0] for row in data_rows(messages)[:6]],
                         [b"-2", b"-2", b"-2", b"-2", b"-2", b"-2"])
        self.assertEqual(messages[-1], (b"Z", b"I"))
        conn.send(query("SELECT count(*) FROM fetch_error"))
        self.assertEqual(data_rows(conn.read_until(b"Z")), [[b"0"]])
        # In a block the error fails the block; the portal is gone after ROLLBACK.
        conn.send(query("BEGIN"))
        conn.read_until(b"Z")
        conn.send(parse("div", "SELECT 10 / (g - 3000) FROM generate_series(1, 5000) g") +
                  bind("d", "div") + execute("d", 1) + execute("d", 5000) + SYNC)
        messages = conn.read_until(b"Z")
        # PostgreSQL sends the rows before the failing one first; Granary collects an
        # Execute's rows before sending them, so it sends none of them (server/README.md).
        self.assertEqual(kinds(messages)[:4], b"12Ds")
        self.assertEqual(kinds(messages)[-2:], b"EZ")
        self.assertEqual(error_code(messages), "22012")
        self.assertEqual(messages[-1], (b"Z", b"E"))
        conn.send(execute("d", 1) + SYNC)
        self.assertEqual(error_code(conn.read_until(b"Z")), "25P02")
        conn.send(query("ROLLBACK"))
        conn.read_until(b"Z")

    def test_dml_returning_runs_to_completion_at_the_first_execute(self):
        conn, _ = self.connect()
        conn.send(query("CREATE TABLE returned (n int)"))
        conn.read_until(b"Z")
        conn.send(parse("", "INSERT INTO returned SELECT g FROM generate_series(1, 5) g RETURNING n") +
                  bind("p", "") + execute("p", 2) +
                  parse("", "WITH w AS (INSERT INTO returned SELECT g FROM generate_series(6, 9) g "
                            "RETURNING n) SELECT n FROM w") +
                  bind("q", "") + execute("q", 1) +
                  parse("", "SELECT count(*) FROM returned") + bind("", "") + execute("") + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(kinds(messages), b"12DDs12Ds12DCZ")
        # Every row was inserted although fewer were fetched.
        self.assertEqual(data_rows(messages)[-1], [b"9"])

    def test_streaming_portal_holds_its_snapshot(self):
        conn, _ = self.connect()
        other, _ = self.connect()
        conn.send(query("CREATE TABLE snapshot_rows (n int); "
                        "INSERT INTO snapshot_rows SELECT generate_series(1, 3000)"))
        conn.read_until(b"Z")
        conn.send(query("BEGIN"))
        conn.read_until(b"Z")
        conn.send(parse("", "SELECT n FROM snapshot_rows") + bind("p", "") + execute("p", 10) + SYNC)
        self.assertEqual(len(data_rows(conn.read_until(b"Z"))), 10)
        # Rows another session commits meanwhile are not seen; a DROP waits for the lock.
        other.send(query("INSERT INTO snapshot_rows SELECT generate_series(1, 3000)"))
        self.assertEqual(other.read_until(b"Z")[0], (b"C", b"INSERT 0 3000\0"))
        conn.send(execute("p", 0) + SYNC)
        messages = conn.read_until(b"Z")
        self.assertEqual(len(data_rows(messages)), 2990)
        self.assertEqual(messages[-2], (b"C", b"SELECT 2990\0"))
        other.send(query("SET lock_timeout = '200ms'; DROP TABLE snapshot_rows"))
        self.assertEqual(error_code(other.read_until(b"Z")), "55P03")
        conn.send(query("COMMIT"))
        conn.read_until(b"Z")

    def test_empty_prepared_statement(self):
        conn, _ = self.connect()
        conn.send(parse("", "") + bind("", "") + describe(b"P", "") + execute("") + SYNC)
        self.assertEqual(kinds(conn.read_until(b"Z")), b"12nIZ")

    def test_binary_parameters_of_every_type(self):
        conn, _ = self.connect()
        cases = [
            (16, b"\x01", b"t"), (21, struct.pack("!h", -5), b"-5"),
            (23, struct.pack("!i", 7), b"7"), (20, struct.pack("!q", 2 ** 40), b"1099511627776"),
            (701, struct.pack("!d", 0.25), b"0.25"),
            (1700, struct.pack("!hhHhhh", 2, 0, 0x4000, 2, 3, 1400), b"-3.14"),
            (25, "żółw".encode(), "żółw".encode()), (1043, b"abc", b"abc"),
            (1082, struct.pack("!i", -1), b"1999-12-31"),
            (1114, struct.pack("!q", 1500000), b"2000-01-01 00:00:01.5"),
        ]
        for oid, value, text in cases:
            with self.subTest(oid=oid):
                conn.send(parse("", "SELECT $1", [oid]) + bind("", "", [value], [1]) + execute("") + SYNC)
                messages = conn.read_until(b"Z")
                self.assertEqual(data_rows(messages), [[text]], messages)


if __name__ == "__main__":
    unittest.main(verbosity=2)
