#!/usr/bin/python3
"""psql against granary serve: scripts whose expected output was recorded from PostgreSQL 15
(psql -X -a -f, stdout and stderr together), -c strings, exit codes, password login.

Usage: test_psql.py path/to/granary
"""
import os
import subprocess
import unittest

import server_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "psql")
GRANARY = server_fixture.granary_binary()


def psql(server, *args, stdin=None, password=None):
    result = subprocess.run(["psql", "-X", *args], cwd=SCRIPTS, env=server.env(password),
                            input=stdin, capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


class PsqlScripts(unittest.TestCase):
    """Each psql/NAME.sql runs in a fresh server; its output must equal psql/NAME.out."""

    def run_script(self, name):
        with server_fixture.Server(GRANARY) as server:
            result = subprocess.run(["psql", "-X", "-a", "-f", name + ".sql"], cwd=SCRIPTS,
                                    env=server.env(), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, timeout=120)
            with open(os.path.join(SCRIPTS, name + ".out")) as f:
                expected = f.read()
            self.maxDiff = None
            self.assertEqual(result.stdout, expected)

    def test_basics(self):
        self.run_script("basics")

    def test_errors(self):
        self.run_script("errors")

    def test_void(self):
        self.run_script("void")


class PsqlCommands(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY, password="s3cret pw").start()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def test_single_command(self):
        code, out, err = psql(self.server, "-At", "-c", "SELECT 40 + 2")
        self.assertEqual((code, out, err), (0, "42\n", ""))

    def test_several_statements_in_one_command(self):
        code, out, err = psql(self.server, "-At", "-c", "SELECT 1; SELECT 'two'")
        self.assertEqual((code, out), (0, "1\ntwo\n"))

    def test_command_string_is_one_transaction(self):
        psql(self.server, "-c", "CREATE TABLE t_implicit (x int)")
        code, _, err = psql(self.server, "-c", "INSERT INTO t_implicit VALUES (1); SELECT 1/0")
        self.assertEqual(code, 1)
        self.assertIn("ERROR:  division by zero", err)
        _, out, _ = psql(self.server, "-At", "-c", "SELECT count(*) FROM t_implicit")
        self.assertEqual(out, "0\n")

    def test_error_with_position(self):
        code, out, err = psql(self.server, "-c", "SELECT 1 FROM nowhere")
        self.assertEqual(code, 1)
        self.assertEqual(err, 'ERROR:  relation "nowhere" does not exist\n'
                              'LINE 1: SELECT 1 FROM nowhere\n'
                              '                      ^\n')

    def test_verbose_error_shows_sqlstate(self):
        code, _, err = psql(self.server, "-v", "VERBOSITY=verbose", "-c", "SELECT 1/0")
        self.assertEqual(code, 1)
        self.assertIn("ERROR:  22012: division by zero", err)

    def test_file_from_stdin_stops_on_error(self):
        code, out, err = psql(self.server, "-v", "ON_ERROR_STOP=1", "-At", "-f", "-",
                              stdin="SELECT 1;\nSELECT nope;\nSELECT 3;\n")
        self.assertEqual(code, 3)
        self.assertEqual(out, "1\n")
        self.assertIn('column "nope" does not exist', err)

    def test_wrong_password(self):
        code, _, err = psql(self.server, "-c", "SELECT 1", password="wrong")
        self.assertEqual(code, 2)
        self.assertIn('password authentication failed for user "granary"', err)

    def test_unknown_database(self):
        code, _, err = psql(self.server, "-d", "nosuchdb", "-c", "SELECT 1")
        self.assertEqual(code, 2)
        self.assertIn('database "nosuchdb" does not exist', err)

    def test_postgres_database_name_is_accepted(self):
        code, out, _ = psql(self.server, "-d", "postgres", "-At", "-c", "SELECT 'ok'")
        self.assertEqual((code, out), (0, "ok\n"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
