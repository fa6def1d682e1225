#!/usr/bin/python3
"""A corpus of malformed input sent to a live server while well-behaved sessions keep
working: each bad client gets FATAL 08P01 (or an ERROR, where PostgreSQL gives one and the
session can go on) and is dropped; nobody else notices.

Usage: test_malformed.py path/to/granary
"""
import random
import socket
import struct
import threading
import unittest

import psycopg2

import pgwire
from pgwire import cstr, message, query
import server_fixture

GRANARY = server_fixture.granary_binary()

STARTUP_CORPUS = {
    "http request": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    "2 GiB startup length": struct.pack("!I", 0x80000000) + b"\0" * 8,
    "length below minimum": struct.pack("!i", 4) + b"\0" * 4,
    "length over 10000": struct.pack("!i", 10001),
    "no terminator": pgwire.startup_packet("granary")[:-1].replace(
        struct.pack("!i", len(pgwire.startup_packet("granary"))),
        struct.pack("!i", len(pgwire.startup_packet("granary")) - 1), 1),
    "unterminated name": struct.pack("!ii", 13, 196608) + b"user\0",
    "short cancel request": struct.pack("!iii", 12, 80877102, 1),
}

# Sent after a successful login.
SESSION_CORPUS = {
    "unknown message type": b"Z" + struct.pack("!i", 4),
    "2 GiB query length": b"Q" + struct.pack("!I", 0x80000000) + b"SELECT 1",
    "1 GiB sync length": b"S" + struct.pack("!i", 1 << 30),
    "length below four": b"Q" + struct.pack("!i", 3),
    "password message after login": message(b"p", cstr("secret")),
    "zero type byte": b"\0\0\0\0\x08" + b"\0" * 4,
}

# Well framed, but the payload is wrong: ERROR, and the session goes on.
RECOVERABLE_CORPUS = {
    "query without terminator": message(b"Q", b"SELECT 1"),
    "truncated bind": pgwire.parse("", "SELECT 1") + message(b"B", cstr("") + cstr("") + b"\0\x05") + pgwire.SYNC,
    "bind with negative length": pgwire.parse("", "SELECT $1") + message(
        b"B", cstr("") + cstr("") + struct.pack("!hhih", 0, 1, -7, 0)) + pgwire.SYNC,
    "describe with bad kind": message(b"D", b"X" + cstr("")) + pgwire.SYNC,
    "execute without row count": message(b"E", cstr("")) + pgwire.SYNC,
    "sync with payload": message(b"S", b"junk"),
    "flush with payload": message(b"H", b"junk") + pgwire.SYNC,
    "parse with missing types": message(b"P", cstr("") + cstr("SELECT $1") + struct.pack("!h", 3)) + pgwire.SYNC,
}


def fatal_and_closed(test, conn, reason):
    messages = conn.read_until(b"E")
    fields = pgwire.error_fields(messages[-1][1])
    test.assertEqual((fields["S"], fields["C"]), ("FATAL", "08P01"), reason)
    test.assertTrue(conn.closed_by_server(), reason)
    return fields["M"]


class MalformedInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY).start()
        # Well-behaved sessions that work all through the corpus.
        cls.stop = threading.Event()
        cls.failures = []
        cls.rounds = [0]
        setup = psycopg2.connect(cls.server.dsn())
        setup.autocommit = True
        setup.cursor().execute("CREATE TABLE steady (worker int, n int)")
        setup.close()
        cls.workers = [threading.Thread(target=cls.steady_client, args=(i,)) for i in range(3)]
        for worker in cls.workers:
            worker.start()

    @classmethod
    def steady_client(cls, worker):
        try:
            conn = psycopg2.connect(cls.server.dsn())
            cur = conn.cursor()
            n = 0
            while not cls.stop.is_set():
                cur.execute("INSERT INTO steady VALUES (%s, %s)", (worker, n))
                conn.commit()
                cur.execute("SELECT count(*) FROM steady WHERE worker = %s", (worker,))
                n += 1
                assert cur.fetchone()[0] == n
                conn.commit()
                cls.rounds[0] += 1
            conn.close()
        except Exception as error:  # reported by the last test
            cls.failures.append(repr(error))

    @classmethod
    def tearDownClass(cls):
        cls.stop.set()
        for worker in cls.workers:
            worker.join()
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def raw(self):
        conn = pgwire.Connection(self.server.port, timeout=30)
        self.addCleanup(conn.close)
        return conn

    def test_1_startup_corpus(self):
        for name, data in STARTUP_CORPUS.items():
            with self.subTest(name):
                conn = self.raw()
                conn.send(data)
                if name == "short cancel request":
                    # A CancelRequest gets no reply either way; the socket is closed.
                    self.assertTrue(conn.closed_by_server())
                    continue
                fatal_and_closed(self, conn, name)

    def test_2_session_corpus(self):
        for name, data in SESSION_CORPUS.items():
            with self.subTest(name):
                conn = self.raw()
                conn.login("granary")
                conn.send(data)
                fatal_and_closed(self, conn, name)

    def test_3_recoverable_corpus(self):
        conn = self.raw()
        conn.login("granary")
        for name, data in RECOVERABLE_CORPUS.items():
            with self.subTest(name):
                conn.send(data)
                messages = conn.read_until(b"Z")
                errors = [pgwire.error_fields(p) for k, p in messages if k == b"E"]
                self.assertEqual([(e["S"], e["C"]) for e in errors], [("ERROR", "08P01")], name)
                conn.send(query("SELECT 'still here'"))
                self.assertIn(b"still here", b"".join(p for _, p in conn.read_until(b"Z")))

    def test_4_stopping_mid_message(self):
        conn = self.raw()
        conn.login("granary")
        conn.send(b"Q" + struct.pack("!i", 100) + b"SELECT")
        conn.sock.shutdown(socket.SHUT_WR)  # the client stops sending in the middle
        message_text = fatal_and_closed(self, conn, "mid-message")
        self.assertEqual(message_text, "incomplete message from client")

    def test_5_random_bytes(self):
        generator = random.Random(42)
        for round_number in range(40):
            conn = self.raw()
            conn.login("granary")
            garbage = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 200)))
            conn.send(garbage + b"\xff" * 8)  # whatever the prefix did, end with a bad type
            try:
                while True:
                    kind, payload = conn.read_message()
                    if kind == b"E" and pgwire.error_fields(payload)["S"] == "FATAL":
                        break
            except (EOFError, ConnectionResetError):
                pass
            self.assertTrue(conn.closed_by_server(), round_number)

    def test_6_everyone_else_unaffected(self):
        # The steady sessions ran all along, and new sessions still work.
        self.assertEqual(self.failures, [])
        self.assertGreater(self.rounds[0], 0)
        conn = psycopg2.connect(self.server.dsn())
        cur = conn.cursor()
        cur.execute("SELECT count(*) > 0 FROM steady")
        self.assertEqual(cur.fetchone(), (True,))
        conn.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
