#!/usr/bin/python3
"""Connection and server lifecycle: CancelRequest (57014), pg_sleep (void; ended by a cancel
or statement_timeout), idle_session_timeout (57P05), idle_in_transaction_session_timeout (25P03), fast shutdown on SIGTERM and SIGINT
(57P01 to every session, open transactions rolled back, exit 0, data intact on restart),
SIGHUP, which reloads hba.conf and the reloadable settings of granary.conf while
sessions go on, and the SQL functions that do the same from a session: pg_cancel_backend,
pg_terminate_backend and pg_reload_conf.

No assertion depends on how long anything takes: waits are for events, with generous
upper bounds that only keep a broken server from hanging the suite.

Usage: test_lifecycle.py path/to/granary
"""
import signal
import threading
import time
import unittest

import psycopg2
import psycopg2.errors

import pgwire
import server_fixture

GRANARY = server_fixture.granary_binary()

# A statement that runs until it is cancelled: a four-way cross join of 1,000 rows.
ENDLESS = "SELECT count(*) FROM spin a, spin b, spin c, spin d"


def create_spin_table(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("CREATE TABLE spin (n int)")
    cur.execute("INSERT INTO spin VALUES " + ", ".join("(%d)" % i for i in range(1000)))
    conn.commit()
    conn.close()


def run_in_thread(function):
    outcome = {}

    def body():
        try:
            outcome["result"] = function()
        except Exception as error:
            outcome["error"] = error

    thread = threading.Thread(target=body)
    thread.start()
    return thread, outcome


class CancelTest(unittest.TestCase):
    def test_cancel_request_stops_the_running_statement(self):
        with server_fixture.Server(GRANARY) as server:
            create_spin_table(server.dsn())
            conn = psycopg2.connect(server.dsn())
            cur = conn.cursor()
            thread, outcome = run_in_thread(lambda: cur.execute(ENDLESS))
            # Keep asking until the statement has ended; a cancel that arrives before the
            # statement starts does nothing, as in PostgreSQL.
            deadline = time.monotonic() + 120
            while thread.is_alive() and time.monotonic() < deadline:
                conn.cancel()
                thread.join(0.2)
            thread.join()
            self.assertIsInstance(outcome.get("error"), psycopg2.errors.QueryCanceled)
            self.assertEqual(outcome["error"].pgcode, "57014")
            self.assertEqual(outcome["error"].diag.message_primary,
                             "canceling statement due to user request")
            conn.rollback()
            cur.execute("SELECT count(*) FROM spin")
            self.assertEqual(cur.fetchone(), (1000,))
            conn.close()

    def test_long_statements_do_not_hold_the_threads(self):
        # One worker thread: the threads also read the sockets, so without the stall limit a
        # running statement would keep new connections, other statements and the
        # CancelRequest itself from being read until it ended.
        with server_fixture.Server(GRANARY, settings={"worker_threads": "1"}) as server:
            create_spin_table(server.dsn())
            busy = []
            for _ in range(2):
                conn = psycopg2.connect(server.dsn())
                thread, outcome = run_in_thread(lambda cur=conn.cursor(): cur.execute(ENDLESS))
                busy.append((conn, thread, outcome))
            time.sleep(0.5)  # let both statements start (the checks below hold either way)
            thread, outcome = run_in_thread(lambda: [
                psycopg2.connect(server.dsn()).cursor().execute("SELECT 1") for _ in range(5)])
            thread.join(60)
            self.assertFalse(thread.is_alive(), "long statements kept a new session waiting")
            self.assertNotIn("error", outcome)
            for conn, thread, outcome in busy:
                deadline = time.monotonic() + 120
                while thread.is_alive() and time.monotonic() < deadline:
                    conn.cancel()
                    thread.join(0.2)
                self.assertFalse(thread.is_alive())
                self.assertEqual(outcome["error"].pgcode, "57014")
                conn.close()

    def test_cancel_with_a_wrong_key_does_nothing(self):
        with server_fixture.Server(GRANARY) as server:
            victim = pgwire.Connection(server.port)
            messages = victim.login("granary")
            key = [p for k, p in messages if k == b"K"][0]
            wrong = key[:4] + bytes(b ^ 0xFF for b in key[4:])
            canceller = pgwire.Connection(server.port)
            canceller.send(b"\0\0\0\x10" + b"\x04\xd2\x16\x2e" + wrong)
            self.assertTrue(canceller.closed_by_server())
            victim.send(pgwire.query("SELECT 'alive'"))
            self.assertIn(b"alive", b"".join(p for _, p in victim.read_until(b"Z")))
            victim.close()


class SleepTest(unittest.TestCase):
    """pg_sleep over the protocol: void in both formats, ended by a CancelRequest or by
    statement_timeout (57014), and holding no worker from other sessions while it waits."""

    def test_void_in_text_and_binary(self):
        # PostgreSQL 15's answers: type oid 2278 (typlen 4), an empty value that is not
        # NULL in text, zero bytes in binary.
        with server_fixture.Server(GRANARY) as server:
            conn = pgwire.Connection(server.port)
            conn.login("granary")
            conn.send(pgwire.query("select pg_sleep(0) as s, pg_sleep(null) as n"))
            self.assertEqual(conn.read_until(b"Z"), [
                (b"T", b"\x00\x02s\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\xe6\x00\x04\xff\xff\xff\xff\x00\x00"
                       b"n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\xe6\x00\x04\xff\xff\xff\xff\x00\x00"),
                (b"D", b"\x00\x02\x00\x00\x00\x00\xff\xff\xff\xff"),
                (b"C", b"SELECT 1\x00"), (b"Z", b"I")])
            conn.send(pgwire.parse("", "select pg_sleep(0)") + pgwire.bind("", "", result_formats=[1]) +
                      pgwire.describe(b"P", "") + pgwire.execute("") + pgwire.SYNC)
            self.assertEqual(conn.read_until(b"Z"), [
                (b"1", b""), (b"2", b""),
                (b"T", b"\x00\x01pg_sleep\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\xe6\x00\x04\xff\xff\xff\xff\x00\x01"),
                (b"D", b"\x00\x01\x00\x00\x00\x00"),
                (b"C", b"SELECT 1\x00"), (b"Z", b"I")])
            conn.close()

    def test_cancel_request_ends_a_sleep(self):
        with server_fixture.Server(GRANARY) as server:
            conn = psycopg2.connect(server.dsn())
            cur = conn.cursor()
            start = time.monotonic()
            thread, outcome = run_in_thread(lambda: cur.execute("SELECT pg_sleep(600)"))
            while thread.is_alive() and time.monotonic() < start + 120:
                conn.cancel()
                thread.join(0.2)
            self.assertFalse(thread.is_alive(), "the cancel did not end the sleep")
            self.assertEqual(outcome["error"].pgcode, "57014")
            self.assertEqual(outcome["error"].diag.message_primary, "canceling statement due to user request")
            conn.rollback()
            conn.close()

    def test_statement_timeout_ends_a_sleep(self):
        with server_fixture.Server(GRANARY) as server:
            conn = psycopg2.connect(server.dsn())
            conn.autocommit = True
            cur = conn.cursor()
            cur.execute("SET statement_timeout = '200ms'")
            start = time.monotonic()
            with self.assertRaises(psycopg2.errors.QueryCanceled) as caught:
                cur.execute("SELECT pg_sleep_for('10 minutes')")
            self.assertLess(time.monotonic() - start, 120)
            self.assertEqual(caught.exception.diag.message_primary, "canceling statement due to statement timeout")
            cur.execute("SELECT 1")
            self.assertEqual(cur.fetchone(), (1,))
            conn.close()

    def test_a_sleep_holds_no_worker(self):
        # One worker thread: sessions sleeping in pg_sleep must not keep another session's
        # statements (or its connecting) waiting.
        with server_fixture.Server(GRANARY, settings={"worker_threads": "1"}) as server:
            sleepers = []
            for _ in range(2):
                conn = psycopg2.connect(server.dsn())
                thread, outcome = run_in_thread(lambda cur=conn.cursor(): cur.execute("SELECT pg_sleep(600)"))
                sleepers.append((conn, thread, outcome))
            time.sleep(0.3)  # let both sleeps start (the checks below hold either way)
            thread, outcome = run_in_thread(lambda: [
                psycopg2.connect(server.dsn()).cursor().execute("SELECT 1") for _ in range(5)])
            thread.join(60)
            self.assertFalse(thread.is_alive(), "sleeping sessions kept another session waiting")
            self.assertNotIn("error", outcome)
            for conn, thread, outcome in sleepers:
                self.assertTrue(thread.is_alive())
                while thread.is_alive():
                    conn.cancel()
                    thread.join(0.2)
                self.assertEqual(outcome["error"].pgcode, "57014")
                conn.close()


class SlowClientTest(unittest.TestCase):
    def test_a_client_that_does_not_read_holds_no_worker(self):
        # One worker: if a slow reader's output held it, nobody else could run anything.
        with server_fixture.Server(GRANARY, settings={"worker_threads": "1"}) as server:
            setup = psycopg2.connect(server.dsn())
            cur = setup.cursor()
            cur.execute("CREATE TABLE payload (id int, text text)")
            cur.execute("INSERT INTO payload VALUES " +
                        ", ".join("(%d, '%s')" % (i, "x" * 200) for i in range(2000)))
            cur.execute("CREATE TABLE fifty (n int)")
            cur.execute("INSERT INTO fifty VALUES " + ", ".join("(%d)" % i for i in range(50)))
            setup.commit()
            setup.close()

            slow = pgwire.Connection(server.port, timeout=120)
            slow.login("granary")
            slow.send(pgwire.query("SELECT p.id, p.text FROM payload p, fifty f"))  # ~21 MB

            thread, outcome = run_in_thread(lambda: [
                psycopg2.connect(server.dsn()).cursor().execute("SELECT 1") for _ in range(20)])
            thread.join(60)
            self.assertFalse(thread.is_alive(), "another session was blocked by a slow reader")
            self.assertNotIn("error", outcome)

            messages = slow.read_until(b"Z")
            self.assertEqual(sum(1 for kind, _ in messages if kind == b"D"), 100000)
            self.assertEqual(messages[-2], (b"C", b"SELECT 100000\0"))
            slow.close()


class TimeoutTest(unittest.TestCase):
    def fatal_of(self, conn):
        messages = conn.read_until(b"E")
        fields = pgwire.error_fields(messages[-1][1])
        self.assertTrue(conn.closed_by_server())
        return fields["S"], fields["C"], fields["M"]

    def test_idle_session_timeout(self):
        with server_fixture.Server(GRANARY, settings={"idle_session_timeout": "200ms"}) as server:
            conn = pgwire.Connection(server.port, timeout=60)
            conn.login("granary")
            self.assertEqual(self.fatal_of(conn), (
                "FATAL", "57P05", "terminating connection due to idle-session timeout"))

    def test_idle_in_transaction_timeout_rolls_back(self):
        settings = {"idle_in_transaction_session_timeout": "200ms"}
        with server_fixture.Server(GRANARY, settings=settings) as server:
            conn = pgwire.Connection(server.port, timeout=60)
            conn.login("granary")
            conn.send(pgwire.query("CREATE TABLE kept (x int)"))
            conn.read_until(b"Z")
            # Outside a transaction the connection may idle: no timeout applies.
            conn.send(pgwire.query("BEGIN; INSERT INTO kept VALUES (1)"))
            self.assertEqual(conn.read_until(b"Z")[-1], (b"Z", b"T"))
            self.assertEqual(self.fatal_of(conn), (
                "FATAL", "25P03", "terminating connection due to idle-in-transaction timeout"))
            check = psycopg2.connect(server.dsn())
            cur = check.cursor()
            cur.execute("SELECT count(*) FROM kept")
            self.assertEqual(cur.fetchone(), (0,))
            check.close()


class ShutdownTest(unittest.TestCase):
    def shutdown_with_sessions(self, sig):
        server = server_fixture.Server(GRANARY).start()
        try:
            create_spin_table(server.dsn())
            committed = psycopg2.connect(server.dsn())
            committed.cursor().execute("CREATE TABLE facts (v text)")
            committed.cursor().execute("INSERT INTO facts VALUES ('committed')")
            committed.commit()

            open_transaction = pgwire.Connection(server.port)
            open_transaction.login("granary")
            open_transaction.send(pgwire.query("BEGIN; INSERT INTO facts VALUES ('uncommitted')"))
            self.assertEqual(open_transaction.read_until(b"Z")[-1], (b"Z", b"T"))

            runner = psycopg2.connect(server.dsn())
            thread, outcome = run_in_thread(lambda: runner.cursor().execute(ENDLESS))
            time.sleep(0.2)  # let the statement start (not required for the checks below)

            self.assertEqual(server.stop(sig), 0)
            thread.join(60)
            self.assertFalse(thread.is_alive())
            self.assertIn("error", outcome)
            messages = open_transaction.read_until(b"E")
            fields = pgwire.error_fields(messages[-1][1])
            self.assertEqual((fields["S"], fields["C"], fields["M"]),
                             ("FATAL", "57P01", "terminating connection due to administrator command"))
            self.assertIn("database system is shut down", server.log())

            server.start()
            check = psycopg2.connect(server.dsn())
            cur = check.cursor()
            cur.execute("SELECT v FROM facts")
            self.assertEqual(cur.fetchall(), [("committed",)])
            check.close()
            self.assertEqual(server.stop(), 0)
        finally:
            server.cleanup()

    def test_sigterm(self):
        self.shutdown_with_sessions(signal.SIGTERM)

    def test_sigint(self):
        self.shutdown_with_sessions(signal.SIGINT)


class SighupTest(unittest.TestCase):
    def wait_for_log(self, server, text):
        deadline = time.monotonic() + 60
        while text not in server.log() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn(text, server.log())

    def test_sighup_reloads_hba_and_settings_while_sessions_go_on(self):
        with server_fixture.Server(GRANARY) as server:
            conn = psycopg2.connect(server.dsn())
            cur = conn.cursor()
            cur.execute("BEGIN")
            cur.execute("SELECT 1")
            hba_path = server.data + "/hba.conf"
            with open(hba_path) as f:
                original_hba = f.read()
            # New rules that reject every loopback client, and a new timeout and port.
            with open(hba_path, "w") as f:
                f.write("host all all 127.0.0.1/32 reject\n")
            with open(server.data + "/granary.conf", "a") as f:
                f.write("\nidle_session_timeout = '1h'\nmax_connections = 10\n")
            server.process.send_signal(signal.SIGHUP)
            self.wait_for_log(server, 'parameter "max_connections" cannot be changed without restarting the server')
            self.assertIn("received SIGHUP, reloading configuration files", server.log())
            self.assertIn('parameter "idle_session_timeout" changed to "1h"', server.log())
            self.assertIsNone(server.process.poll())
            with self.assertRaises(psycopg2.OperationalError) as refused:
                psycopg2.connect(server.dsn())
            self.assertIn("rejects connection", str(refused.exception))
            # The open session and its transaction go on.
            cur.execute("SELECT 2")
            self.assertEqual(cur.fetchone(), (2,))
            conn.commit()
            # A malformed hba.conf changes nothing: the reject rule stays in force.
            with open(hba_path, "w") as f:
                f.write("host all all 127.0.0.1/32 bogus-method\n")
            server.process.send_signal(signal.SIGHUP)
            self.wait_for_log(server, "configuration files contain errors; no changes were applied")
            with self.assertRaises(psycopg2.OperationalError):
                psycopg2.connect(server.dsn())
            # The original rules back: new sessions are accepted again.
            with open(hba_path, "w") as f:
                f.write(original_hba)
            server.process.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 60
            while True:
                try:
                    other = psycopg2.connect(server.dsn())
                    break
                except psycopg2.OperationalError:
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.05)
            other_cur = other.cursor()
            other_cur.execute("SELECT 3")
            # SHOW reports the reloaded timeout to sessions that connect after the reload;
            # max_connections keeps the value the server started with; the older session
            # keeps what it connected with.
            other_cur.execute("SHOW idle_session_timeout")
            self.assertEqual(other_cur.fetchone(), ("1h",))
            other_cur.execute("SELECT setting FROM pg_settings WHERE name = 'max_connections'")
            self.assertEqual(other_cur.fetchone(), ("2000",))
            other.close()
            cur.execute("SHOW idle_session_timeout")
            self.assertEqual(cur.fetchone(), ("0",))
            conn.close()


class BackendSignalTest(unittest.TestCase):
    """pg_cancel_backend, pg_terminate_backend and pg_reload_conf, with PostgreSQL's rules."""

    def pid_of(self, conn):
        cur = conn.cursor()
        cur.execute("SELECT pg_backend_pid()")
        return cur.fetchone()[0]

    def test_pg_cancel_backend_stops_another_sessions_statement(self):
        with server_fixture.Server(GRANARY) as server:
            create_spin_table(server.dsn())
            victim = psycopg2.connect(server.dsn())
            pid = self.pid_of(victim)
            victim.commit()
            admin = psycopg2.connect(server.dsn())
            admin.autocommit = True
            thread, outcome = run_in_thread(lambda: victim.cursor().execute(ENDLESS))
            deadline = time.monotonic() + 120
            cur = admin.cursor()
            while thread.is_alive() and time.monotonic() < deadline:
                cur.execute("SELECT pg_cancel_backend(%s)", (pid,))
                self.assertEqual(cur.fetchone(), (True,))
                thread.join(0.2)
            thread.join()
            self.assertEqual(outcome["error"].pgcode, "57014")
            victim.rollback()
            victim.cursor().execute("SELECT 1")  # the session goes on
            victim.close()
            admin.close()

    def test_pg_terminate_backend_ends_the_session_and_rolls_back(self):
        with server_fixture.Server(GRANARY) as server:
            admin = psycopg2.connect(server.dsn())
            admin.autocommit = True
            cur = admin.cursor()
            cur.execute("CREATE TABLE kept (n int)")
            # The victim speaks the protocol directly, so that the FATAL it is sent can be read
            # (libpq may report only the closed socket).
            victim = pgwire.Connection(server.port)
            messages = victim.login("granary")
            pid = int.from_bytes([p for k, p in messages if k == b"K"][0][:4], "big")
            victim.send(pgwire.query("BEGIN; INSERT INTO kept VALUES (1)"))
            self.assertEqual(victim.read_until(b"Z")[-1], (b"Z", b"T"))
            cur.execute("SELECT pg_terminate_backend(%s, 60000)", (pid,))
            self.assertEqual(cur.fetchone(), (True,))
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
            self.assertEqual(cur.fetchone(), (0,))
            fields = pgwire.error_fields(victim.read_until(b"E")[-1][1])
            self.assertEqual((fields["S"], fields["C"], fields["M"]),
                             ("FATAL", "57P01", "terminating connection due to administrator command"))
            self.assertTrue(victim.closed_by_server())
            cur.execute("SELECT count(*) FROM kept")
            self.assertEqual(cur.fetchone(), (0,))
            # No such backend: a WARNING and false; a negative timeout: 22023.
            cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
            self.assertEqual(cur.fetchone(), (False,))
            self.assertIn("WARNING:  PID %d is not a PostgreSQL backend process\n" % pid, admin.notices)
            with self.assertRaises(psycopg2.errors.InvalidParameterValue) as negative:
                cur.execute("SELECT pg_terminate_backend(%s, -1)", (pid,))
            self.assertEqual(negative.exception.diag.message_primary, '"timeout" must not be negative')
            admin.close()

    def test_only_superusers_signal_other_roles_sessions(self):
        with server_fixture.Server(GRANARY, password="secret") as server:
            admin = psycopg2.connect(server.dsn())
            admin.autocommit = True
            cur = admin.cursor()
            cur.execute("CREATE ROLE clerk LOGIN PASSWORD 'pw'")
            clerk = psycopg2.connect(server.dsn(user="clerk", password="pw"))
            clerk.autocommit = True
            other = psycopg2.connect(server.dsn(user="clerk", password="pw"))
            ccur = clerk.cursor()
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege) as denied:
                ccur.execute("SELECT pg_cancel_backend(%s)", (self.pid_of(admin),))
            self.assertEqual(denied.exception.diag.message_primary,
                             "must be a superuser to cancel superuser query")
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege) as denied:
                ccur.execute("SELECT pg_terminate_backend(%s)", (self.pid_of(admin),))
            self.assertEqual(denied.exception.diag.message_primary,
                             "must be a superuser to terminate superuser process")
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege) as denied:
                ccur.execute("SELECT pg_reload_conf()")
            self.assertEqual(denied.exception.diag.message_primary,
                             "permission denied for function pg_reload_conf")
            # A session of the caller's own role may be signalled.
            ccur.execute("SELECT pg_cancel_backend(%s)", (self.pid_of(other),))
            self.assertEqual(ccur.fetchone(), (True,))
            other.close()
            clerk.close()
            admin.close()

    def test_pg_reload_conf_reloads_as_sighup_does(self):
        with server_fixture.Server(GRANARY) as server:
            conn = psycopg2.connect(server.dsn())
            conn.autocommit = True
            with open(server.data + "/hba.conf", "w") as f:
                f.write("host all all 127.0.0.1/32 reject\n")
            cur = conn.cursor()
            cur.execute("SELECT pg_reload_conf()")
            self.assertEqual(cur.fetchone(), (True,))
            SighupTest.wait_for_log(self, server, "received SIGHUP, reloading configuration files")
            deadline = time.monotonic() + 60
            while True:
                try:
                    psycopg2.connect(server.dsn()).close()
                except psycopg2.OperationalError as refused:
                    self.assertIn("rejects connection", str(refused))
                    break
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.05)
            cur.execute("SELECT 1")  # the calling session goes on
            conn.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
