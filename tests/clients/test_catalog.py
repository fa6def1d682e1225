#!/usr/bin/python3
"""psql's \\d family, schemas and pg_stat_activity against granary serve.

psql/catalog.sql runs under psql (-X -a -f) against a fresh server whose superuser is
"postgres", and its output must equal psql/catalog.out, recorded from PostgreSQL 15 on a
fresh database. pg_stat_activity is checked with two psycopg2 connections.

Usage: test_catalog.py path/to/granary
"""
import os
import subprocess
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
