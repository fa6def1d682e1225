#!/usr/bin/python3
"""time and timetz through real clients: psycopg2 parses the columns by OID (1083 into
datetime.time, 1266 into an aware datetime.time) and sends datetime.time parameters; the raw
protocol checks the binary formats both ways against the bytes PostgreSQL 15's time_send and
timetz_send give (int64 microseconds; timetz adds the zone as int32 seconds west of UTC) and
time_recv's range check.

Usage: test_time_types.py path/to/granary
"""
import datetime
import struct
import sys
import unittest

import psycopg2
import psycopg2.errors

import pgwire
import server_fixture

GRANARY = server_fixture.granary_binary()


def data_row_values(payload):
    count = struct.unpack("!h", payload[:2])[0]
    values, at = [], 2
    for _ in range(count):
        length = struct.unpack("!i", payload[at:at + 4])[0]
        values.append(payload[at + 4:at + 4 + length])
        at += 4 + length
    return values


class TimeTypesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server_fixture.Server(GRANARY).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.server.cleanup()
        assert code == 0, code

    def test_psycopg2_reads_and_writes_times(self):
        conn = psycopg2.connect(self.server.dsn())
        self.addCleanup(conn.close)
        cur = conn.cursor()
        cur.execute("CREATE TABLE opening (t time(3), tz timetz)")
        cur.execute("INSERT INTO opening VALUES (%s, %s), (NULL, NULL)",
                    (datetime.time(9, 30, 15, 123456), datetime.time(18, 0, tzinfo=datetime.timezone(
                        datetime.timedelta(hours=5, minutes=30)))))
        conn.commit()
        cur.execute("SELECT t, tz, t::text FROM opening ORDER BY 1 NULLS LAST")
        self.assertEqual([d.type_code for d in cur.description], [1083, 1266, 25])
        t, tz, text = cur.fetchone()
        self.assertEqual(t, datetime.time(9, 30, 15, 123000))
        self.assertEqual(text, "09:30:15.123")
        self.assertEqual((tz.hour, tz.minute), (18, 0))
        self.assertEqual(tz.utcoffset(), datetime.timedelta(hours=5, minutes=30))
        self.assertEqual(cur.fetchone(), (None, None, None))
        cur.execute("SELECT localtime(0), current_time(0)")
        local, current = cur.fetchone()
        self.assertIsInstance(local, datetime.time)
        self.assertEqual(current.utcoffset(), datetime.timedelta(0))
        with self.assertRaises(psycopg2.errors.DatetimeFieldOverflow) as caught:
            cur.execute("SELECT '24:00:01'::time")
        self.assertEqual(caught.exception.diag.message_primary,
                         'date/time field value out of range: "24:00:01"')
        conn.rollback()

    def test_binary_formats(self):
        conn = pgwire.Connection(self.server.port)
        self.addCleanup(conn.close)
        self.assertEqual(conn.login("granary")[-1][0], b"Z")
        # time_send('13:45:07.25'), timetz_send('13:45:07.25+05:30'), timetz_send('00:00-08')
        # and time_send('24:00') from PostgreSQL 15.
        time_bytes = bytes.fromhex("0000000b86dcaf50")
        timetz_bytes = bytes.fromhex("0000000b86dcaf50ffffb2a8")
        conn.send(pgwire.parse("", "SELECT $1::time, $2::timetz, '00:00-08'::timetz, '24:00'::time, $1::time(1)",
                               (1083, 1266)) +
                  pgwire.bind("", "", (time_bytes, timetz_bytes), (1, 1), (1, 1, 1, 1, 1)) +
                  pgwire.execute("") + pgwire.message(b"S"))
        messages = conn.read_until(b"Z")
        rows = [payload for kind, payload in messages if kind == b"D"]
        self.assertEqual(len(rows), 1, messages)
        self.assertEqual(data_row_values(rows[0]),
                         [time_bytes, timetz_bytes, bytes.fromhex("000000000000000000007080"),
                          bytes.fromhex("000000141dd76000"), bytes.fromhex("0000000b86dd72a0")])
        # The text form of the same binary parameters.
        conn.send(pgwire.parse("", "SELECT $1::time(1)::text, $2::timetz::text", (1083, 1266)) +
                  pgwire.bind("", "", (time_bytes, timetz_bytes), (1, 1), (0,)) +
                  pgwire.execute("") + pgwire.message(b"S"))
        rows = [payload for kind, payload in conn.read_until(b"Z") if kind == b"D"]
        self.assertEqual(data_row_values(rows[0]), [b"13:45:07.3", b"13:45:07.25+05:30"])
        # time_recv refuses a time past 24:00:00, timetz_recv a zone of 16 hours or more.
        for oid, value, message in ((1083, struct.pack("!q", 86400000001), "time out of range"),
                                    (1266, struct.pack("!qi", 0, 57600),
                                     "time zone displacement out of range")):
            conn.send(pgwire.parse("", "SELECT $1", (oid,)) +
                      pgwire.bind("", "", (value,), (1,), (0,)) + pgwire.execute("") + pgwire.message(b"S"))
            errors = [payload for kind, payload in conn.read_until(b"Z") if kind == b"E"]
            self.assertEqual(len(errors), 1)
            self.assertEqual(pgwire.error_fields(errors[0])["M"], message)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
