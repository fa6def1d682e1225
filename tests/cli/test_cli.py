#!/usr/bin/python3
"""Tests of the `granary` command line: usage and exit codes, init, and the SQL shell
(psql's output formats byte for byte, errors, scripts, ON_ERROR_STOP, data surviving a
reopen).

Usage: test_cli.py PATH/TO/granary [unittest options]
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

GRANARY = None


def run(*args, stdin=None, env=None):
    full_env = dict(os.environ)
    full_env.pop("GRANARY_DATA", None)
    full_env.update(env or {})
    proc = subprocess.run([GRANARY, *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


class UsageTest(unittest.TestCase):
    def test_help(self):
        code, out, err = run("--help")
        self.assertEqual(code, 0)
        self.assertIn("Usage:", out)
        self.assertIn("sql", out)
        self.assertEqual(err, "")

    def test_version(self):
        code, out, _ = run("--version")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^granary \S+")

    def test_no_command(self):
        code, out, err = run()
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn("Usage:", err)

    def test_unknown_command(self):
        code, _, err = run("frobnicate")
        self.assertEqual(code, 2)
        self.assertIn('unknown command "frobnicate"', err)

    def test_bad_options(self):
        for args in (("sql", "--bogus"), ("sql", "-D"), ("sql", "-c", "select 1"),
                     ("init",), ("init", "--bogus"), ("sql", "-D", "x", "extra"),
                     ("serve",), ("serve", "--bogus"), ("serve", "-D", "x", "extra"),
                     ("verify",), ("waldump",), ("waldump", "-D", "x", "--start", "nonsense")):
            code, out, err = run(*args)
            self.assertEqual(code, 2, args)
            self.assertIn("granary: error:", err, args)

    def test_subcommand_help(self):
        for command in ("init", "sql", "verify", "waldump"):
            code, out, _ = run(command, "--help")
            self.assertEqual(code, 0)
            self.assertIn("Usage:", out)


class ShellTest(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="granary-cli-")
        self.data = os.path.join(self.scratch, "data")
        code, out, err = run("init", "-D", self.data)
        self.assertEqual(code, 0, err)
        self.assertIn("Success", out)

    def tearDown(self):
        shutil.rmtree(self.scratch, ignore_errors=True)

    def sql(self, *args, stdin=None):
        return run("sql", "-D", self.data, *args, stdin=stdin)

    def write(self, name, text):
        path = os.path.join(self.scratch, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_round_trip_and_reopen(self):
        code, out, err = self.sql(
            "-c", "CREATE TABLE t (id int NOT NULL, name text, price numeric(6,2))",
            "-c", "INSERT INTO t VALUES (1, 'apple', 0.5), (20, NULL, 12)")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "CREATE TABLE\nINSERT 0 2\n")
        # a second process sees the committed data
        code, out, err = self.sql("-c", "SELECT id, name, price FROM t ORDER BY id")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out,
                         " id | name  | price \n"
                         "----+-------+-------\n"
                         "  1 | apple |  0.50\n"
                         " 20 |       | 12.00\n"
                         "(2 rows)\n\n")

    def test_select_shapes(self):
        code, out, _ = self.sql("-c", "SELECT 1 AS a, 'x' AS b")
        self.assertEqual(out, " a | b \n---+---\n 1 | x\n(1 row)\n\n")
        code, out, _ = self.sql("-c", "SELECT 1 AS n WHERE false")
        self.assertEqual(out, " n \n---\n(0 rows)\n\n")
        code, out, _ = self.sql("-c", "SELECT 'multi\nline' AS m, 2 AS k")
        self.assertEqual(out, "   m   | k \n-------+---\n multi+| 2\n line  | \n(1 row)\n\n")

    def test_csv(self):
        code, out, _ = self.sql("--csv", "-c", "SELECT 1 AS a, NULL AS b, 'x,y' AS c, 'q\"r' AS d, '' AS e")
        self.assertEqual(code, 0)
        self.assertEqual(out, 'a,b,c,d,e\n1,,"x,y","q""r",\n')

    def test_file(self):
        path = self.write("script.sql",
                          "-- a script\n"
                          "CREATE TABLE s (a int);\n"
                          "INSERT INTO s VALUES (1),\n"
                          "  (2);\n"
                          "SELECT 'a;b' AS x; SELECT sum(a) FROM s;\n"
                          "SELECT count(*) FROM s\n")
        code, out, err = self.sql("-f", path)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out,
                         "CREATE TABLE\nINSERT 0 2\n"
                         "  x  \n-----\n a;b\n(1 row)\n\n"
                         " sum \n-----\n   3\n(1 row)\n\n"
                         " count \n-------\n     2\n(1 row)\n\n")

    def test_stdin(self):
        code, out, err = self.sql(stdin="SELECT 40 + 2 AS answer;\n")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, " answer \n--------\n     42\n(1 row)\n\n")

    def test_errors(self):
        code, out, err = self.sql("-c", "SELECT 1/0")
        self.assertEqual((code, out, err), (1, "", "ERROR:  division by zero\n"))
        code, _, err = self.sql("--verbose-errors", "-c", "SELECT 1/0")
        self.assertEqual(err, "ERROR:  22012: division by zero\n")
        code, _, err = self.sql("-c", "SELECT nosuch FROM nowhere")
        self.assertEqual(code, 1)
        self.assertEqual(err, 'ERROR:  relation "nowhere" does not exist\n'
                              "LINE 1: SELECT nosuch FROM nowhere\n"
                              "                           ^\n")
        code, _, err = self.sql("-c", "CREATE TABLE nn (a int NOT NULL)", "-c", "INSERT INTO nn VALUES (NULL)")
        self.assertEqual(code, 1)
        self.assertTrue(err.startswith('ERROR:  null value in column "a"'), err)

    def test_file_errors_and_on_error_stop(self):
        path = self.write("errors.sql", "SELECT 1 AS one;\nSELECT 1/0;\nSELECT 2 AS two;\n")
        code, out, err = self.sql("-f", path)
        self.assertEqual(code, 1)
        self.assertIn(" one", out)
        self.assertIn(" two", out)
        self.assertEqual(err, "granary:%s:2: ERROR:  division by zero\n" % path)
        code, out, err = self.sql("-v", "ON_ERROR_STOP=1", "-f", path)
        self.assertEqual(code, 3)
        self.assertIn(" one", out)
        self.assertNotIn(" two", out)
        code, out, _ = self.sql("-v", "ON_ERROR_STOP=1", "-c", "SELECT 1/0", "-c", "SELECT 2")
        self.assertEqual((code, out), (1, ""))

    def test_transactions(self):
        code, out, err = self.sql(stdin="CREATE TABLE tx (a int);\nBEGIN;\nINSERT INTO tx VALUES (1);\n"
                                        "ROLLBACK;\nSELECT count(*) FROM tx;\n")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "CREATE TABLE\nBEGIN\nINSERT 0 1\nROLLBACK\n"
                              " count \n-------\n     0\n(1 row)\n\n")

    def test_backslash_commands(self):
        code, out, err = self.sql("-c", "\\?")
        self.assertEqual(code, 0)
        self.assertIn("\\q", out)
        code, out, err = self.sql(stdin="\\echo hello\nSELECT 1 AS x \\g\n\\q\nSELECT 2;\n")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "hello\n x \n---\n 1\n(1 row)\n\n")
        code, out, err = self.sql("-c", "\\nosuch")
        self.assertEqual(code, 1)
        self.assertIn("invalid command \\nosuch", err)

    def test_missing_directory(self):
        code, out, err = run("sql", "-D", os.path.join(self.scratch, "nope"), "-c", "SELECT 1")
        self.assertEqual(code, 1)
        self.assertIn("granary: error:", err)

    def test_missing_file(self):
        code, _, err = self.sql("-f", os.path.join(self.scratch, "nope.sql"))
        self.assertEqual(code, 1)
        self.assertIn("No such file or directory", err)


class WalToolsTest(unittest.TestCase):
    """granary verify and granary waldump."""

    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="granary-cli-")
        self.data = os.path.join(self.scratch, "data")
        self.assertEqual(run("init", "-D", self.data)[0], 0)
        code, _, err = run("sql", "-D", self.data, "-c", "CREATE TABLE t (id int, v text)",
                           "-c", "INSERT INTO t VALUES (1, 'one'), (2, 'two')")
        self.assertEqual(code, 0, err)

    def tearDown(self):
        shutil.rmtree(self.scratch, ignore_errors=True)

    def test_verify_sound_directory(self):
        code, out, err = run("verify", "-D", self.data)
        self.assertEqual((code, err), (0, ""))
        self.assertRegex(out, r"^\d+ relation files, \d+ pages checked: no problems found\n$")

    def test_verify_reports_a_damaged_page(self):
        # The first user relation file is the table's (its toast relation comes next).
        table = min(int(name) for name in os.listdir(os.path.join(self.data, "base"))
                    if int(name) >= 16384)
        with open(os.path.join(self.data, "base", str(table)), "r+b") as relation:
            relation.seek(8000)
            relation.write(b"\x5a")
        code, out, _ = run("verify", self.data)
        self.assertEqual(code, 1)
        self.assertIn(f"base/{table} block 0: invalid page in block 0", out)
        self.assertIn("PROBLEMS FOUND", out)

    def test_waldump(self):
        code, out, err = run("waldump", "-D", self.data, "--start", "0/1000000")
        self.assertEqual((code, err), (0, ""))
        self.assertIn("XLOG: CHECKPOINT_SHUTDOWN", out)
        self.assertIn("Relation: CREATE relation", out)
        self.assertRegex(out, r"Heap: INSERT rel \d+ tid \(0,1\)")
        self.assertRegex(out, r"Transaction: COMMIT xid \d+")
        self.assertRegex(out, r"end of WAL at 0/[0-9A-F]+: no record at 0/[0-9A-F]+\n$")
        code, out, _ = run("waldump", self.data, "--stats", "--start", "0/1000000")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"Heap +\d+ records")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_cli.py PATH/TO/granary")
    GRANARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
