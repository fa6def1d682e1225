#!/usr/bin/python3
"""psycopg2 against granary serve: parameters of every supported type, executemany,
transactions (psycopg2 opens one implicitly), errors with pgcode, autocommit, notices, and
server-side (named) cursors: DECLARE / FETCH / MOVE behind iteration, fetchmany, scroll and
withhold, and positioned UPDATE / DELETE (WHERE CURRENT OF) through a named cursor.

Usage: test_psycopg2.py path/to/granary
"""
import datetime
import io
import decimal
import threading
import unittest

import psycopg2
import psycopg2.errors
import psycopg2.extensions

import server_fixture

GRANARY = server_fixture.granary_binary()


class Psycopg2Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY, password="py pw").start()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def connect(self, autocommit=False, **kwargs):
        conn = psycopg2.connect(self.server.dsn(), **kwargs)
        conn.autocommit = autocommit
        self.addCleanup(conn.close)
        return conn

    def test_connection_parameters(self):
        conn = self.connect(application_name="suite")
        self.assertEqual(conn.server_version, 150000)
        self.assertEqual(conn.get_parameter_status("client_encoding"), "UTF8")
        self.assertEqual(conn.get_parameter_status("application_name"), "suite")
        self.assertEqual(conn.get_parameter_status("is_superuser"), "on")
        self.assertEqual(conn.get_parameter_status("session_authorization"), "granary")
        self.assertEqual(conn.get_backend_pid() > 0, True)

    def test_types_round_trip(self):
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE everything (b bool, s int2, i int4, l int8, f float8, "
                    "n numeric(12,4), t text, v varchar(10), d date, ts timestamp)")
        rows = [
            (True, -3, 2147483647, -9223372036854775808, 0.1, decimal.Decimal("12345678.1234"),
             "naïve 'quoted' \\ text", "short", datetime.date(1815, 12, 10),
             datetime.datetime(2024, 2, 29, 23, 59, 59, 999999)),
            (None,) * 10,
        ]
        cur.executemany("INSERT INTO everything VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)
        self.assertEqual(cur.rowcount, 2)
        conn.commit()
        cur.execute("SELECT * FROM everything ORDER BY i NULLS LAST")
        self.assertEqual(cur.fetchall(), rows)
        self.assertEqual([d.name for d in cur.description][:3], ["b", "s", "i"])
        self.assertEqual(cur.description[5].type_code, 1700)

    def test_timestamptz_and_interval(self):
        # psycopg2 types columns by OID: 1184 becomes an aware datetime in the session's
        # zone (reported in ParameterStatus), 1186 a timedelta.
        conn = self.connect(options="-c TimeZone=Asia/Kolkata")
        self.assertEqual(conn.get_parameter_status("TimeZone"), "Asia/Kolkata")
        cur = conn.cursor()
        cur.execute("CREATE TABLE stamps (at timestamptz, span interval, mtime timestamp)")
        utc = datetime.timezone.utc
        rows = [(datetime.datetime(2026, 12, 6, 4, 19, 20, 123000, tzinfo=utc),
                 datetime.timedelta(days=1, hours=2), datetime.datetime(2026, 1, 1)),
                (None, None, None)]
        cur.executemany("INSERT INTO stamps VALUES (%s, %s, %s)", rows)
        cur.execute("INSERT INTO stamps (mtime) VALUES (CURRENT_TIMESTAMP)")
        conn.commit()
        cur.execute("SELECT at, span, mtime FROM stamps WHERE mtime < '2030-01-01' ORDER BY at NULLS LAST")
        self.assertEqual([d.type_code for d in cur.description], [1184, 1186, 1114])
        first = cur.fetchone()
        self.assertEqual(first, rows[0])
        self.assertEqual(first[0].utcoffset(), datetime.timedelta(hours=5, minutes=30))
        cur.execute("SET TIME ZONE 'America/New_York'")
        self.assertEqual(conn.get_parameter_status("TimeZone"), "America/New_York")
        cur.execute("SELECT at::text, now() = now(), now() - now() FROM stamps WHERE span IS NOT NULL")
        self.assertEqual(cur.fetchone(), ("2026-12-05 23:19:20.123-05", True, datetime.timedelta(0)))
        with self.assertRaises(psycopg2.errors.InvalidParameterValue):
            cur.execute("SET TIME ZONE 'Mars/Base'")
        conn.rollback()

    def test_reset_returns_to_the_startup_value(self):
        # PostgreSQL's reset value: what the startup packet set, not the built-in default.
        conn = self.connect(autocommit=True,
                            options="-c TimeZone=Asia/Tokyo -c statement_timeout=3s")
        cur = conn.cursor()
        cur.execute("SET TimeZone = 'UTC'")
        self.assertEqual(conn.get_parameter_status("TimeZone"), "UTC")
        cur.execute("RESET TimeZone")
        self.assertEqual(conn.get_parameter_status("TimeZone"), "Asia/Tokyo")
        cur.execute("SHOW TimeZone")
        self.assertEqual(cur.fetchone(), ("Asia/Tokyo",))
        cur.execute("SET TimeZone = 'UTC'")
        cur.execute("SET statement_timeout = '5s'")
        cur.execute("RESET ALL")
        cur.execute("SHOW TimeZone")
        self.assertEqual(cur.fetchone(), ("Asia/Tokyo",))
        cur.execute("SHOW statement_timeout")
        self.assertEqual(cur.fetchone(), ("3s",))
        cur.execute("SET TimeZone = 'UTC'")
        cur.execute("SET TimeZone TO DEFAULT")
        cur.execute("SHOW TimeZone")
        self.assertEqual(cur.fetchone(), ("Asia/Tokyo",))
        conn.close()

    def test_rollback_restores_reported_settings(self):
        # A rolled-back SET is undone, and the client hears of it (ParameterStatus).
        conn = self.connect(options="-c TimeZone=Asia/Tokyo")
        cur = conn.cursor()
        cur.execute("SET TimeZone = 'Europe/Paris'")
        self.assertEqual(conn.get_parameter_status("TimeZone"), "Europe/Paris")
        conn.rollback()
        self.assertEqual(conn.get_parameter_status("TimeZone"), "Asia/Tokyo")
        cur.execute("SET LOCAL TimeZone = 'Europe/Paris'")
        conn.commit()
        self.assertEqual(conn.get_parameter_status("TimeZone"), "Asia/Tokyo")
        cur.execute("SET TimeZone = 'Europe/Paris'")
        conn.commit()
        self.assertEqual(conn.get_parameter_status("TimeZone"), "Europe/Paris")
        conn.close()

    def test_bytes_round_trip(self):
        # psycopg2 sends bytes as '\\x...'::bytea literals and reads bytea in hex.
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE blobs (id int, b bytea)")
        values = [bytes(range(256)), b"", b"\x00\\'", bytes((i * 7919) % 251 for i in range(200000))]
        for i, value in enumerate(values):
            cur.execute("INSERT INTO blobs VALUES (%s, %s)", (i, psycopg2.Binary(value)))
        cur.execute("INSERT INTO blobs VALUES (%s, %s)", (len(values), None))
        conn.commit()
        cur.execute("SELECT b FROM blobs ORDER BY id")
        got = [row[0] if row[0] is None else bytes(row[0]) for row in cur.fetchall()]
        self.assertEqual(got, values + [None])
        cur.execute("SELECT length(b), md5(b) FROM blobs WHERE id = 3")
        self.assertEqual(cur.fetchone()[0], 200000)
        cur.execute("SET bytea_output = escape")
        cur.execute("SELECT b FROM blobs WHERE id = 2")
        self.assertEqual(bytes(cur.fetchone()[0]), b"\x00\\'")

    def test_arrays_round_trip(self):
        # psycopg2 sends lists as ARRAY[...] and parses int[] / text[] results (by their OIDs).
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE tagged (id int PRIMARY KEY, tags text[], scores int[], grid int[][])")
        rows = [(1, ["red", "green blue", None, 'quo"te', ""], [1, 2, 3], [[1, 2], [3, 4]]),
                (2, [], [], None), (3, None, [None, 5], [[7]])]
        cur.executemany("INSERT INTO tagged VALUES (%s, %s, %s, %s)", rows)
        conn.commit()
        cur.execute("SELECT id, tags, scores, grid FROM tagged ORDER BY id")
        self.assertEqual(cur.fetchall(), rows)
        cur.execute("SELECT id FROM tagged WHERE id = ANY(%s) ORDER BY id", ([3, 1, 99],))
        self.assertEqual(cur.fetchall(), [(1,), (3,)])
        cur.execute("SELECT unnest(tags) FROM tagged WHERE id = 1")
        self.assertEqual([r[0] for r in cur.fetchall()], ["red", "green blue", None, 'quo"te', ""])
        cur.execute("SELECT array_agg(id ORDER BY id), array_length(%s::int[], 1) FROM tagged", ([4, 5, 6],))
        self.assertEqual(cur.fetchone(), ([1, 2, 3], 3))
        conn.rollback()

    def test_bpchar_round_trip(self):
        # character(n) arrives padded, typed 1042 (and 1014 for its arrays, which psycopg2
        # parses into lists); parameters compare without their trailing spaces.
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE coded (code char(4) PRIMARY KEY, codes char(2)[], raw bpchar)")
        cur.executemany("INSERT INTO coded VALUES (%s, %s, %s)",
                        [("ab", ["x", "yz"], "r  "), ("abcd", [], None)])
        cur.execute("SELECT code, codes, raw FROM coded WHERE code = %s", ("ab",))
        self.assertEqual(cur.fetchall(), [("ab  ", ["x ", "yz"], "r  ")])
        self.assertEqual([d.type_code for d in cur.description], [1042, 1014, 1042])
        self.assertEqual(cur.description[0].internal_size, 4)  # from the typmod
        cur.execute("SELECT length(code), octet_length(code), code || '|' FROM coded ORDER BY code")
        self.assertEqual(cur.fetchall(), [(2, 4, "ab|"), (4, 4, "abcd|")])
        with self.assertRaises(psycopg2.errors.StringDataRightTruncation) as caught:
            cur.execute("INSERT INTO coded (code) VALUES (%s)", ("abcde",))
        self.assertEqual(str(caught.exception).splitlines()[0],
                         "value too long for type character(4)")
        conn.rollback()
        # COPY pads on the way in and writes the padded values out.
        cur.execute("CREATE TABLE coded3 (code char(4), codes char(2)[])")
        cur.copy_expert("COPY coded3 FROM STDIN", io.StringIO("ab\t{x,yz}\nabcd  \t\\N\n"))
        out = io.StringIO()
        cur.copy_expert("COPY coded3 TO STDOUT", out)
        self.assertEqual(out.getvalue(), 'ab  \t{"x ",yz}\nabcd\t\\N\n')
        with self.assertRaises(psycopg2.errors.StringDataRightTruncation) as caught:
            cur.copy_expert("COPY coded3 FROM STDIN", io.StringIO("abcde\t\\N\n"))
        self.assertEqual(str(caught.exception),
                         'value too long for type character(4)\n'
                         'CONTEXT:  COPY coded3, line 1, column code: "abcde"\n')
        conn.rollback()
        cur.execute("CREATE TABLE coded2 (code char(4) UNIQUE)")
        cur.execute("INSERT INTO coded2 VALUES ('k')")
        with self.assertRaises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO coded2 VALUES ('k   ')")
        conn.rollback()

    def test_parameters_in_where_and_expressions(self):
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE numbers (n int8, label text)")
        cur.executemany("INSERT INTO numbers VALUES (%s, %s)", [(i, "n%d" % i) for i in range(200)])
        cur.execute("SELECT count(*), sum(n) FROM numbers WHERE n >= %(low)s AND label LIKE %(pattern)s",
                    {"low": 100, "pattern": "n1%"})
        self.assertEqual(cur.fetchone(), (100, decimal.Decimal(14950)))
        cur.execute("SELECT %s || %s, %s * 2", ("a", "b", 21))
        self.assertEqual(cur.fetchone(), ("ab", 42))
        conn.rollback()

    def test_errors_carry_pgcode_and_fields(self):
        conn = self.connect()
        cur = conn.cursor()
        with self.assertRaises(psycopg2.errors.UndefinedTable) as caught:
            cur.execute("SELECT * FROM missing_table")
        error = caught.exception
        self.assertEqual(error.pgcode, "42P01")
        self.assertEqual(error.diag.severity, "ERROR")
        self.assertEqual(error.diag.message_primary, 'relation "missing_table" does not exist')
        self.assertEqual(error.diag.statement_position, "15")
        # The transaction psycopg2 opened is now failed until rollback.
        self.assertEqual(conn.info.transaction_status, psycopg2.extensions.TRANSACTION_STATUS_INERROR)
        with self.assertRaises(psycopg2.errors.InFailedSqlTransaction):
            cur.execute("SELECT 1")
        conn.rollback()
        cur.execute("SELECT 1")
        self.assertEqual(cur.fetchone(), (1,))
        with self.assertRaises(psycopg2.errors.DivisionByZero):
            cur.execute("SELECT %s / 0", (1,))
        conn.rollback()
        with self.assertRaises(psycopg2.errors.NotNullViolation) as caught:
            cur.execute("CREATE TABLE strict (x int NOT NULL)")
            cur.execute("INSERT INTO strict VALUES (NULL)")
        self.assertIn("Failing row contains", caught.exception.diag.message_detail)
        conn.rollback()

    def test_transactions_commit_and_roll_back(self):
        writer = self.connect()
        reader = self.connect(autocommit=True)
        cur = writer.cursor()
        cur.execute("CREATE TABLE ledger (amount int)")
        writer.commit()
        cur.execute("INSERT INTO ledger VALUES (10)")
        self.assertEqual(writer.info.transaction_status, psycopg2.extensions.TRANSACTION_STATUS_INTRANS)
        rcur = reader.cursor()
        rcur.execute("SELECT count(*) FROM ledger")
        self.assertEqual(rcur.fetchone(), (0,))  # not committed yet
        writer.commit()
        rcur.execute("SELECT count(*) FROM ledger")
        self.assertEqual(rcur.fetchone(), (1,))
        cur.execute("INSERT INTO ledger VALUES (20)")
        writer.rollback()
        rcur.execute("SELECT sum(amount) FROM ledger")
        self.assertEqual(rcur.fetchone(), (10,))
        with writer:  # the context manager commits
            cur.execute("INSERT INTO ledger VALUES (5)")
        rcur.execute("SELECT sum(amount) FROM ledger")
        self.assertEqual(rcur.fetchone(), (15,))

    def test_autocommit_and_notices(self):
        conn = self.connect(autocommit=True)
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS never_there")
        self.assertEqual(conn.notices, ['NOTICE:  table "never_there" does not exist, skipping\n'])
        cur.execute("BEGIN")
        cur.execute("BEGIN")
        self.assertIn("there is already a transaction in progress", conn.notices[-1])
        cur.execute("COMMIT")
        cur.execute("SET application_name = 'changed'")
        self.assertEqual(conn.get_parameter_status("application_name"), "changed")
        cur.execute("SHOW application_name")
        self.assertEqual(cur.fetchone(), ("changed",))

    def test_concurrent_sessions(self):
        # Eight connections at once, each inserting and reading back its own rows.
        setup = self.connect(autocommit=True)
        setup.cursor().execute("CREATE TABLE busy (worker int, n int)")
        errors = []

        def work(worker):
            try:
                conn = psycopg2.connect(self.server.dsn())
                cur = conn.cursor()
                for n in range(150):
                    cur.execute("INSERT INTO busy VALUES (%s, %s)", (worker, n))
                    if n % 10 == 9:
                        conn.commit()
                cur.execute("SELECT count(*), sum(n) FROM busy WHERE worker = %s", (worker,))
                if cur.fetchone() != (150, 11175):
                    errors.append("worker %d saw wrong rows" % worker)
                conn.commit()
                conn.close()
            except Exception as error:
                errors.append(repr(error))

        threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        cur = setup.cursor()
        cur.execute("SELECT count(*) FROM busy")
        self.assertEqual(cur.fetchone(), (1200,))

    def test_many_rows(self):
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE wide (id int8, payload text)")
        cur.executemany("INSERT INTO wide VALUES (%s, %s)", [(i, "x" * 200) for i in range(2000)])
        cur.execute("SELECT a.id, a.payload FROM wide a, wide b WHERE b.id < 10 ORDER BY a.id")
        rows = cur.fetchall()
        self.assertEqual(len(rows), 20000)
        self.assertEqual(rows[-1], (1999, "x" * 200))
        conn.rollback()


    def test_upsert_tells_inserted_from_updated_rows(self):
        # The ORM idiom: RETURNING (xmax = 0) is true for a row the INSERT wrote, false for
        # one ON CONFLICT DO UPDATE changed.
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE upserted (k int PRIMARY KEY, v text)")
        sql = ("INSERT INTO upserted VALUES (%s, %s) ON CONFLICT (k) DO UPDATE SET v = excluded.v "
               "RETURNING k, (xmax = 0) AS inserted")
        cur.execute(sql, (1, "a"))
        self.assertEqual(cur.fetchall(), [(1, True)])
        cur.execute(sql, (1, "b"))
        self.assertEqual(cur.fetchall(), [(1, False)])
        cur.execute("INSERT INTO upserted VALUES (1, 'c'), (2, 'd') ON CONFLICT (k) DO UPDATE "
                    "SET v = excluded.v RETURNING k, (xmax = 0) AS inserted")
        self.assertEqual(sorted(cur.fetchall()), [(1, False), (2, True)])
        cur.execute("SELECT txid_current()")
        xid = cur.fetchone()[0]
        conn.commit()
        # xmin is the writing transaction's id modulo 2^32, sent as type xid (oid 28).
        cur.execute("SELECT xmin, v FROM upserted ORDER BY k")
        self.assertEqual(cur.description[0].type_code, 28)
        self.assertEqual(cur.fetchall(), [(str(xid % 2**32), "c"), (str(xid % 2**32), "d")])
        conn.commit()

    def test_where_current_of_a_named_cursor(self):
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE positioned (id int, label text)")
        cur.executemany("INSERT INTO positioned VALUES (%s, %s)", [(i, "p%d" % i) for i in range(1, 2001)])
        conn.commit()
        named = conn.cursor("walker")
        named.execute("SELECT id, label FROM positioned WHERE id % 2 = 0")
        changed = 0
        # fetchone is one FETCH: the cursor's current row is the row in hand (iterating
        # would fetch itersize rows at a time and leave it on the last of them).
        while True:
            row = named.fetchone()
            if row is None:
                break
            row_id = row[0]
            if row_id % 3 == 0:
                cur.execute("UPDATE positioned SET label = 'six' WHERE CURRENT OF walker RETURNING id")
                self.assertEqual(cur.fetchone(), (row_id,))
                changed += 1
            elif row_id % 5 == 0:
                cur.execute("DELETE FROM positioned WHERE CURRENT OF walker")
                self.assertEqual(cur.rowcount, 1)
        named.close()
        conn.commit()
        cur.execute("SELECT count(*) FILTER (WHERE label = 'six'), count(*) FROM positioned")
        self.assertEqual(cur.fetchone(), (changed, 2000 - len([i for i in range(2, 2001, 2) if i % 3 and i % 5 == 0])))
        # A cursor that is not on a row, and one that does not exist.
        named = conn.cursor("idle")
        named.execute("SELECT id FROM positioned")
        with self.assertRaises(psycopg2.errors.InvalidCursorState):
            cur.execute("UPDATE positioned SET label = 'x' WHERE CURRENT OF idle")
        conn.rollback()
        with self.assertRaises(psycopg2.errors.InvalidCursorName):
            cur.execute("DELETE FROM positioned WHERE CURRENT OF nowhere")
        conn.rollback()

    def test_named_cursors(self):
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("CREATE TABLE named_rows (id int8, label text)")
        cur.executemany("INSERT INTO named_rows VALUES (%s, %s)", [(i, "r%d" % i) for i in range(1, 1001)])
        conn.commit()

        # Iteration fetches itersize rows at a time (FETCH FORWARD 100).
        named = conn.cursor("iterated")
        named.itersize = 100
        named.execute("SELECT id, label FROM named_rows ORDER BY id")
        seen = [row for row in named]
        self.assertEqual(len(seen), 1000)
        self.assertEqual(seen[0], (1, "r1"))
        self.assertEqual(seen[-1], (1000, "r1000"))
        self.assertEqual([d.name for d in named.description], ["id", "label"])
        named.close()

        # fetchone / fetchmany / fetchall, with the cursor listed in pg_cursors meanwhile.
        named = conn.cursor("paged")
        named.execute("SELECT id FROM named_rows WHERE id <= %s ORDER BY id", (25,))
        self.assertEqual(named.fetchone(), (1,))
        self.assertEqual(named.fetchmany(10), [(i,) for i in range(2, 12)])
        listing = conn.cursor()
        listing.execute("SELECT name, is_holdable, is_scrollable FROM pg_cursors WHERE name = 'paged'")
        self.assertEqual(listing.fetchall(), [("paged", False, True)])
        self.assertEqual(named.fetchall(), [(i,) for i in range(12, 26)])
        self.assertEqual(named.fetchone(), None)
        named.close()

        # scroll() on a SCROLL cursor: MOVE ABSOLUTE / RELATIVE.
        named = conn.cursor("scrolled", scrollable=True)
        named.execute("SELECT id FROM named_rows WHERE id <= 10 ORDER BY id")
        named.scroll(5, mode="absolute")
        self.assertEqual(named.fetchone(), (6,))
        named.scroll(-3)
        self.assertEqual(named.fetchone(), (4,))
        named.scroll(0, mode="absolute")
        self.assertEqual(named.fetchmany(2), [(1,), (2,)])
        named.close()

        # A NO SCROLL cursor refuses to move back (55000) and the transaction fails.
        named = conn.cursor("forward_only", scrollable=False)
        named.execute("SELECT id FROM named_rows ORDER BY id")
        named.fetchmany(3)
        with self.assertRaises(psycopg2.errors.ObjectNotInPrerequisiteState):
            named.scroll(-1)
        conn.rollback()

        # withhold=True: DECLARE ... WITH HOLD, readable after the commit.
        held = conn.cursor("held", withhold=True)
        held.execute("SELECT id FROM named_rows WHERE id > 990 ORDER BY id")
        self.assertEqual(held.fetchmany(4), [(991,), (992,), (993,), (994,)])
        conn.commit()
        cur.execute("DELETE FROM named_rows WHERE id > 995")
        conn.commit()
        self.assertEqual(held.fetchall(), [(i,) for i in range(995, 1001)])
        held.close()
        conn.commit()

        # Without withhold the commit closes the cursor (34000 at the next fetch).
        gone = conn.cursor("gone")
        gone.execute("SELECT id FROM named_rows ORDER BY id")
        gone.fetchone()
        conn.commit()
        with self.assertRaises(psycopg2.errors.InvalidCursorName):
            cur.execute("FETCH gone")
        conn.rollback()


if __name__ == "__main__":
    unittest.main(verbosity=2)
