#!/usr/bin/python3
"""Authentication and admission: hba.conf methods (trust, reject, password, md5,
scram-sha-256) with right and wrong passwords, roles that may not log in, missing hba
entries, max_connections, and a broken hba.conf.

Wrong passwords must fail with SQLSTATE 28P01 for every password method; SQLSTATEs of
startup failures are read with the raw client (drivers do not expose them), successes are
checked with psycopg2 (libpq) as well.

Usage: test_auth.py path/to/granary
"""
import os
import subprocess
import time
import unittest

import psycopg2

import pgwire
import server_fixture

GRANARY = server_fixture.granary_binary()

HBA = """
# per-user methods; the superuser logs in with SCRAM
host  all              pw_user      127.0.0.1/32  password
host  all              md5_user     127.0.0.1/32  md5
host  all              scram_md5    127.0.0.1/32  md5
host  all              shut_out     127.0.0.1/32  reject
host  all              trusted      127.0.0.1/32  trust
host  granary,postgres all          127.0.0.1/32  scram-sha-256
"""


def login_result(port, user, password=None, database="granary"):
    """('ok', None) or ('error', SQLSTATE, message) for a raw login."""
    conn = pgwire.Connection(port)
    try:
        messages = conn.login(user, password, database)
    finally:
        conn.close()
    kind, payload = messages[-1]
    if kind == b"Z":
        return ("ok",)
    fields = pgwire.error_fields(payload)
    return ("error", fields["S"], fields["C"], fields["M"])


class AuthenticationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY, password="super pw", hba=HBA).start()
        conn = psycopg2.connect(cls.server.dsn())
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("CREATE ROLE pw_user LOGIN PASSWORD 'pw one'")
        cur.execute("SET password_encryption = 'md5'")
        cur.execute("CREATE ROLE md5_user LOGIN PASSWORD 'md5 two'")
        cur.execute("RESET password_encryption")
        cur.execute("CREATE ROLE scram_md5 LOGIN PASSWORD 'scram three'")
        cur.execute("CREATE ROLE shut_out LOGIN PASSWORD 'x'")
        cur.execute("CREATE ROLE trusted LOGIN")
        cur.execute("CREATE ROLE no_login PASSWORD 'nl'")
        cur.execute("CREATE ROLE no_password LOGIN")
        conn.close()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def assert_login(self, user, password, expected):
        self.assertEqual(login_result(self.server.port, user, password)[:3], expected,
                         (user, password))

    def test_right_passwords(self):
        for user, password in [("pw_user", "pw one"), ("md5_user", "md5 two"),
                               ("scram_md5", "scram three"), ("granary", "super pw")]:
            with self.subTest(user):
                self.assert_login(user, password, ("ok",))
                conn = psycopg2.connect(self.server.dsn(user=user, password=password))
                cur = conn.cursor()
                cur.execute("SHOW session_authorization")
                self.assertEqual(cur.fetchone(), (user,))
                conn.close()

    def test_wrong_passwords_are_28P01_for_every_method(self):
        for user in ["pw_user", "md5_user", "scram_md5", "granary"]:
            with self.subTest(user):
                result = login_result(self.server.port, user, "wrong")
                self.assertEqual(result, ("error", "FATAL", "28P01",
                                          'password authentication failed for user "%s"' % user))

    def test_unknown_and_passwordless_roles_fail_like_wrong_passwords(self):
        for user in ["ghost", "no_password"]:
            with self.subTest(user):
                self.assert_login(user, "anything", ("error", "FATAL", "28P01"))

    def test_role_without_login(self):
        self.assert_login("no_login", "nl", ("error", "FATAL", "28000"))

    def test_reject_and_missing_entries(self):
        result = login_result(self.server.port, "shut_out", "x")
        self.assertEqual(result[:3], ("error", "FATAL", "28000"))
        self.assertIn("hba.conf rejects connection for host", result[3])
        result = login_result(self.server.port, "granary", "super pw", database="elsewhere")
        self.assertEqual(result[:3], ("error", "FATAL", "28000"))
        self.assertEqual(result[3], 'no hba.conf entry for host "127.0.0.1", user "granary", '
                                    'database "elsewhere", no encryption')

    def test_trust(self):
        self.assert_login("trusted", None, ("ok",))

    def test_password_changes_take_effect(self):
        conn = psycopg2.connect(self.server.dsn())
        conn.autocommit = True
        conn.cursor().execute("CREATE ROLE changer LOGIN PASSWORD 'old'")
        self.assert_login("changer", "old", ("ok",))
        conn.cursor().execute("ALTER ROLE changer PASSWORD 'new'")
        self.assert_login("changer", "old", ("error", "FATAL", "28P01"))
        self.assert_login("changer", "new", ("ok",))
        conn.close()


class AdmissionTest(unittest.TestCase):
    def test_max_connections(self):
        with server_fixture.Server(GRANARY, settings={"max_connections": "3"}) as server:
            sessions = [psycopg2.connect(server.dsn()) for _ in range(3)]
            result = login_result(server.port, "granary")
            self.assertEqual(result, ("error", "FATAL", "53300", "sorry, too many clients already"))
            sessions.pop().close()
            # The slot is free again once the server has seen the session end (the bound
            # only keeps a broken server from hanging the test).
            result = None
            for _ in range(600):
                result = login_result(server.port, "granary")
                if result == ("ok",):
                    break
                time.sleep(0.05)
            self.assertEqual(result, ("ok",))
            for session in sessions:
                session.close()

    def test_broken_hba_file_stops_startup(self):
        server = server_fixture.Server(GRANARY, hba="host all all 127.0.0.1/32 ident\n")
        try:
            with self.assertRaises(RuntimeError) as caught:
                server.start()
            self.assertIn('invalid authentication method "ident"', str(caught.exception))
            self.assertIn("line 1 of configuration file", str(caught.exception))
            self.assertEqual(server.process.wait(30), 1)
        finally:
            server.cleanup()

    def test_init_writes_trust_only_without_password(self):
        server = server_fixture.Server(GRANARY)
        try:
            with open(os.path.join(server.data, "hba.conf")) as f:
                text = f.read()
            self.assertIn("WITHOUT a password", text)
            self.assertIn("host    all       all   127.0.0.1/32  trust", text)
        finally:
            server.cleanup()
        server = server_fixture.Server(GRANARY, password="pw")
        try:
            with open(os.path.join(server.data, "hba.conf")) as f:
                text = f.read()
            self.assertNotIn("trust\n", text)
            self.assertIn("host    all       all   127.0.0.1/32  scram-sha-256", text)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
