#!/usr/bin/python3
"""psql's \\d family, schemas and pg_stat_activity against granary serve.

psql/catalog.sql runs under psql (-X -a -f) against a fresh server whose superuser is
"postgres", and its output must equal psql/catalog.out, recorded from PostgreSQL 15 on a
fresh database. pg_stat_activity is checked with two psycopg2 connections.

Usage: test_catalog.py path/to/granary
"""
import os
import subprocess
import threading
import time
import unittest

import psycopg2

import server_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "psql")
GRANARY = server_fixture.granary_binary()


def assert_script_matches(test, name):
    """Runs psql/<name>.sql (psql -X -a -f) against a fresh server whose superuser is
    "postgres" and compares the output with psql/<name>.out, recorded from PostgreSQL 15."""
    with server_fixture.Server(GRANARY, superuser="postgres") as server:
        result = subprocess.run(["psql", "-X", "-a", "-f", name + ".sql"], cwd=SCRIPTS,
                                env=server.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=120)
    with open(os.path.join(SCRIPTS, name + ".out")) as f:
        expected = f.read()
    test.maxDiff = None
    test.assertEqual(result.stdout, expected)


class DescribeCommands(unittest.TestCase):
    def test_describe_commands_match_postgresql(self):
        assert_script_matches(self, "catalog")


class EnumTypes(unittest.TestCase):
    def test_enum_types_match_postgresql(self):
        # psql/enum.out was recorded from PostgreSQL 15 on a fresh database: \dT, \dT+ (the
        # labels in sort order), \d of a table with enum columns, enum values and errors.
        assert_script_matches(self, "enum")


class GeneratedColumnsAndMaterializedViews(unittest.TestCase):
    def test_generated_columns_and_matviews_match_postgresql(self):
        # psql/generated_matview.out was recorded from PostgreSQL 15 on a fresh database: \d
        # of a table with a generated column, \dm, \d of a materialized view.
        assert_script_matches(self, "generated_matview")


class SchemaCommands(unittest.TestCase):
    def test_schemas_match_postgresql(self):
        # psql/schemas.out was recorded from PostgreSQL 15 on a fresh database, superuser
        # "postgres": \dn, \dt with schema patterns, search_path and the "$user" schema.
        assert_script_matches(self, "schemas")


class DescribeRelation(unittest.TestCase):
    def test_describe_relation_and_roles_match_postgresql(self):
        # psql/describe.out was recorded from PostgreSQL 15 on a fresh database.
        assert_script_matches(self, "describe")

    def test_list_databases(self):
        # \l has no PostgreSQL recording to compare with (a fresh PostgreSQL has template0 and
        # template1, Granary the databases granary and postgres): PostgreSQL's layout is kept.
        with server_fixture.Server(GRANARY, superuser="postgres") as server:
            result = subprocess.run(["psql", "-X", "-c", "\\l"], env=server.env(),
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    timeout=60)
        self.assertEqual(result.stdout.splitlines(), [
            "                                          List of databases",
            "   Name   |  Owner   | Encoding | Collate | Ctype | ICU Locale | Locale Provider | Access privileges ",
            "----------+----------+----------+---------+-------+------------+-----------------+-------------------",
            " granary  | postgres | UTF8     | C       | C     |            | libc            | ",
            " postgres | postgres | UTF8     | C       | C     |            | libc            | ",
            "(2 rows)",
            "",
        ])


class StatActivity(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def connect(self, application_name):
        conn = psycopg2.connect(self.server.dsn(application_name=application_name))
        self.addCleanup(conn.close)
        return conn

    def test_two_sessions(self):
        # Only this test's sessions are looked at: another test's closed connection may still
        # be ending on the server (its Terminate is handled asynchronously, as in PostgreSQL).
        watcher = self.connect("watcher")
        watcher.autocommit = True
        other = self.connect("worker")
        with other.cursor() as cur:  # psycopg2 opens a transaction: idle in transaction
            cur.execute("SELECT 42")
        with watcher.cursor() as cur:
            cur.execute("SELECT pid, usename, datname, application_name, state, query, "
                        "backend_start IS NOT NULL, client_addr, backend_type "
                        "FROM pg_stat_activity WHERE application_name IN ('watcher', 'worker') "
                        "ORDER BY application_name")
            rows = cur.fetchall()
        self.assertEqual(len(rows), 2, rows)
        watcher_row = [r for r in rows if r[3] == "watcher"][0]
        worker_row = [r for r in rows if r[3] == "worker"][0]
        self.assertEqual(watcher_row[1:], ("granary", "granary", "watcher", "active",
                                           watcher_row[5], True, "127.0.0.1", "client backend"))
        self.assertIn("FROM pg_stat_activity", watcher_row[5])
        self.assertEqual(worker_row[1:], ("granary", "granary", "worker", "idle in transaction",
                                          "SELECT 42", True, "127.0.0.1", "client backend"))
        # pid is the backend key the server sent at startup
        self.assertEqual(watcher_row[0], watcher.get_backend_pid())
        self.assertEqual(worker_row[0], other.get_backend_pid())
        self.assertNotEqual(watcher_row[0], worker_row[0])
        with watcher.cursor() as cur:
            cur.execute("SELECT application_name, xact_start IS NOT NULL, "
                        "query_start >= backend_start FROM pg_stat_activity "
                        "WHERE pid = pg_backend_pid()")
            self.assertEqual(cur.fetchall(), [("watcher", True, True)])
            cur.execute("SELECT xact_start IS NOT NULL FROM pg_stat_activity "
                        "WHERE application_name = 'worker'")
            self.assertEqual(cur.fetchall(), [(True,)])
        other.commit()
        with watcher.cursor() as cur:
            cur.execute("SELECT state, xact_start IS NULL FROM pg_stat_activity "
                        "WHERE application_name = 'worker'")
            self.assertEqual(cur.fetchall(), [("idle", True)])

    def test_locks_of_a_holder_and_a_waiter(self):
        watcher = self.connect("lock_watcher")
        watcher.autocommit = True
        with watcher.cursor() as cur:
            cur.execute("CREATE TABLE lock_target (id int)")
        holder = self.connect("lock_holder")
        waiter = self.connect("lock_waiter")
        with holder.cursor() as cur:
            cur.execute("LOCK TABLE lock_target IN EXCLUSIVE MODE")
        errors = []

        def wait_for_lock():
            try:
                with waiter.cursor() as cur:
                    cur.execute("SET lock_timeout = '20s'")
                    cur.execute("LOCK TABLE lock_target IN SHARE MODE")
                waiter.commit()
            except Exception as error:  # reported by the main thread
                errors.append(error)

        thread = threading.Thread(target=wait_for_lock)
        thread.start()
        query = ("SELECT l.pid, l.mode, l.granted, l.locktype, a.application_name "
                 "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                 "WHERE l.relation = 'lock_target'::regclass ORDER BY l.granted DESC")
        rows = []
        deadline = time.time() + 10
        with watcher.cursor() as cur:
            while time.time() < deadline:
                cur.execute(query)
                rows = cur.fetchall()
                if len(rows) == 2:
                    break
                time.sleep(0.05)
        self.assertEqual(rows, [
            (holder.get_backend_pid(), "ExclusiveLock", True, "relation", "lock_holder"),
            (waiter.get_backend_pid(), "ShareLock", False, "relation", "lock_waiter"),
        ])
        with watcher.cursor() as cur:
            # Each open transaction holds its virtual transaction id.
            cur.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'virtualxid' "
                        "AND pid IN (%s, %s) AND granted", (holder.get_backend_pid(), waiter.get_backend_pid()))
            self.assertEqual(cur.fetchone(), (2,))
        holder.commit()
        thread.join(20)
        self.assertEqual(errors, [])
        with watcher.cursor() as cur:
            cur.execute(query)
            self.assertEqual(cur.fetchall(), [])
            cur.execute("DROP TABLE lock_target")

    def test_deadlocks_are_counted(self):
        watcher = self.connect("deadlock_watcher")
        watcher.autocommit = True
        with watcher.cursor() as cur:
            cur.execute("CREATE TABLE deadlock_rows (id int PRIMARY KEY, v int)")
            cur.execute("INSERT INTO deadlock_rows VALUES (1, 0), (2, 0)")
            cur.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
            before = cur.fetchone()[0]
        first = self.connect("deadlock_first")
        second = self.connect("deadlock_second")
        with first.cursor() as cur:
            cur.execute("UPDATE deadlock_rows SET v = 1 WHERE id = 1")
        with second.cursor() as cur:
            cur.execute("UPDATE deadlock_rows SET v = 2 WHERE id = 2")
        failures = []

        def update(conn, row):
            try:
                with conn.cursor() as cur:
                    cur.execute("UPDATE deadlock_rows SET v = 3 WHERE id = %s", (row,))
                conn.commit()
            except psycopg2.Error as error:
                failures.append(error.pgcode)
                conn.rollback()

        threads = [threading.Thread(target=update, args=(first, 2)),
                   threading.Thread(target=update, args=(second, 1))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(failures, ["40P01"])
        with watcher.cursor() as cur:
            cur.execute("SELECT deadlocks, xact_rollback > 0 FROM pg_stat_database "
                        "WHERE datname = current_database()")
            deadlocks, rolled_back = cur.fetchone()
            self.assertEqual(deadlocks, before + 1)
            self.assertTrue(rolled_back)
            cur.execute("DROP TABLE deadlock_rows")

    def test_closed_session_leaves_the_view(self):
        watcher = self.connect("watcher2")
        watcher.autocommit = True
        gone = psycopg2.connect(self.server.dsn(application_name="gone"))
        gone.close()
        # The server ends the session when it reads the Terminate message: wait for it.
        count = None
        with watcher.cursor() as cur:
            for _ in range(100):
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gone'")
                count = cur.fetchone()[0]
                if count == 0:
                    break
                time.sleep(0.05)
        self.assertEqual(count, 0)

    def test_idle_state_after_commit_and_set_application_name(self):
        watcher = self.connect("watcher3")
        watcher.autocommit = True
        other = self.connect("before")
        other.autocommit = True
        with other.cursor() as cur:
            cur.execute("SET application_name = 'after'")
        with watcher.cursor() as cur:
            cur.execute("SELECT state, query FROM pg_stat_activity WHERE application_name = 'after'")
            self.assertEqual(cur.fetchall(), [("idle", "SET application_name = 'after'")])


if __name__ == "__main__":
    unittest.main(verbosity=2)
