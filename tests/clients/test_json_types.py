#!/usr/bin/python3
"""uuid, json and jsonb through real clients: psycopg2 round-trips a dict through a jsonb
column and a uuid.UUID through a uuid column (both parsed by their OIDs), sees PostgreSQL's
DETAIL and CONTEXT for bad json; the raw protocol checks the binary formats (jsonb: version
byte 1 + text, json: text, uuid: 16 bytes) both ways; node-postgres (when given) parses
json/jsonb result columns by OID.

Usage: test_json_types.py path/to/granary [path/to/node]
"""
import os
import struct
import subprocess
import sys
import unittest
import uuid

import psycopg2
import psycopg2.errors
import psycopg2.extras

import pgwire
import server_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
GRANARY = server_fixture.granary_binary()
NODE = sys.argv[1] if len(sys.argv) > 1 else None  # granary_binary() took the first


class JsonTypesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY).start()
        psycopg2.extras.register_uuid()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def connect(self):
        conn = psycopg2.connect(self.server.dsn())
        conn.autocommit = True
        self.addCleanup(conn.close)
        return conn

    def test_dict_and_uuid_round_trip(self):
        cur = self.connect().cursor()
        cur.execute("CREATE TABLE py_docs (id uuid PRIMARY KEY, doc jsonb, raw json)")
        key = uuid.uuid4()
        doc = {"name": "ann", "tags": ["a", "b"], "n": 1.5, "nested": {"ok": True, "none": None},
               "text": "naïve \"quoted\" \\ \n"}
        cur.execute("INSERT INTO py_docs VALUES (%s, %s, %s)",
                    (key, psycopg2.extras.Json(doc), psycopg2.extras.Json([1, "two"])))
        cur.execute("SELECT id, doc, raw, doc -> 'nested', doc ->> 'name' FROM py_docs WHERE id = %s",
                    (key,))
        row = cur.fetchone()
        self.assertEqual(row[0], key)
        self.assertIsInstance(row[0], uuid.UUID)
        self.assertEqual(row[1], doc)
        self.assertEqual(row[2], [1, "two"])
        self.assertEqual(row[3], {"ok": True, "none": None})
        self.assertEqual(row[4], "ann")
        self.assertEqual([d[1] for d in cur.description], [2950, 3802, 114, 3802, 25])
        cur.execute("SELECT count(*) FROM py_docs WHERE doc @> %s", (psycopg2.extras.Json({"tags": ["b"]}),))
        self.assertEqual(cur.fetchone()[0], 1)
        cur.execute("SELECT gen_random_uuid()")
        self.assertEqual(cur.fetchone()[0].version, 4)

    def test_errors_carry_postgresql_detail_and_context(self):
        cur = self.connect().cursor()
        cases = [
            ("""SELECT '{"a" 1}'::jsonb""", 'Expected ":", but found "1".', 'JSON data, line 1: {"a" 1...'),
            ("SELECT E'[1,\\n2,\\n3'::jsonb", "The input string ended unexpectedly.", "JSON data, line 3: 3"),
            ("""SELECT '"\\x"'::json""", 'Escape sequence "\\x" is invalid.', 'JSON data, line 1: "\\x...'),
            ("SELECT '{\"" + "a" * 60 + "\": tru, \"b\": 2}'::jsonb", 'Token "tru" is invalid.',
             "JSON data, line 1: ..." + "a" * 43 + '": tru...'),
        ]
        for sql, detail, context in cases:
            with self.subTest(sql=sql):
                with self.assertRaises(psycopg2.errors.InvalidTextRepresentation) as caught:
                    cur.execute(sql)
                self.assertEqual(caught.exception.diag.message_primary, "invalid input syntax for type json")
                self.assertEqual(caught.exception.diag.message_detail, detail)
                self.assertEqual(caught.exception.diag.context, context)
        with self.assertRaises(psycopg2.errors.InvalidTextRepresentation) as caught:
            cur.execute("SELECT 'not-a-uuid'::uuid")
        self.assertEqual(caught.exception.diag.message_primary,
                         'invalid input syntax for type uuid: "not-a-uuid"')

    def test_binary_formats(self):
        conn = pgwire.Connection(self.server.port)
        self.addCleanup(conn.close)
        self.assertEqual(conn.login("granary")[-1][0], b"Z")
        uuid_bytes = bytes(range(16))
        conn.send(pgwire.parse("", "SELECT $1::jsonb, $2::json, $3::uuid, '{\"b\":1,\"a\":[]}'::jsonb",
                               (3802, 114, 2950)) +
                  pgwire.bind("", "", (b"\x01{\"z\": 1, \"a\": 2}", b"[1,  2]", uuid_bytes),
                              (1, 1, 1), (1, 1, 1, 1)) +
                  pgwire.execute("") + pgwire.message(b"S"))
        messages = conn.read_until(b"Z")
        rows = [payload for kind, payload in messages if kind == b"D"]
        self.assertEqual(len(rows), 1, messages)
        payload = rows[0]
        count = struct.unpack("!h", payload[:2])[0]
        values, at = [], 2
        for _ in range(count):
            length = struct.unpack("!i", payload[at:at + 4])[0]
            values.append(payload[at + 4:at + 4 + length])
            at += 4 + length
        self.assertEqual(values, [b"\x01{\"a\": 2, \"z\": 1}", b"[1,  2]", uuid_bytes,
                                  b"\x01{\"a\": [], \"b\": 1}"])
        # A jsonb binary value of another version is refused.
        conn.send(pgwire.parse("", "SELECT $1::jsonb", (3802,)) +
                  pgwire.bind("", "", (b"\x02{}",), (1,), (0,)) + pgwire.execute("") + pgwire.message(b"S"))
        errors = [payload for kind, payload in conn.read_until(b"Z") if kind == b"E"]
        self.assertEqual(len(errors), 1)
        self.assertIn("unsupported jsonb version number 2", pgwire.error_fields(errors[0])["M"])

    @unittest.skipUnless(NODE, "node-postgres not available")
    def test_node_postgres(self):
        result = subprocess.run([NODE, os.path.join(HERE, "node", "json_client.js"), str(self.server.port),
                                 "granary"], capture_output=True, text=True, timeout=120)
        self.assertEqual((result.returncode, result.stdout), (0, "ok\n"), result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
