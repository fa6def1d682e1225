#!/usr/bin/python3
"""Measures the server memory a client reading a large result through a portal costs: one raw
client reads N rows of `SELECT g, repeat('x', 40) FROM generate_series(1, N) g` with Execute
row limits of FETCH rows (as pgJDBC's setFetchSize does), then the same rows with one Execute
without a limit (the result is materialised before it is sent). Prints the server's RSS
before, its peak while reading (VmRSS sampled every 20 ms) and after.

Usage: portal_memory.py path/to/granary [N] [FETCH]   (default N = 5000000, FETCH = 1000)
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "clients"))
import pgwire  # noqa: E402
import server_fixture  # noqa: E402

GRANARY = server_fixture.granary_binary()
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000000
FETCH = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
QUERY = "SELECT g, repeat('x', 40) AS filler FROM generate_series(1, %d) g" % ROWS


def status_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class PeakSampler:
    """Samples VmRSS every 20 ms while a run lasts."""

    def __init__(self, pid):
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            self.peak = max(self.peak, status_kib(self.pid, "VmRSS"))
            time.sleep(0.02)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.peak


def read_all(conn, limit):
    conn.send(pgwire.parse("", QUERY) + pgwire.bind("", "") + pgwire.execute("", limit) +
              pgwire.FLUSH)
    rows = 0
    while True:
        kind, _ = conn.read_message()
        if kind == b"D":
            rows += 1
        elif kind == b"s":
            conn.send(pgwire.execute("", limit) + pgwire.FLUSH)
        elif kind == b"C":
            break
        elif kind == b"E":
            raise RuntimeError("error while reading")
    conn.send(pgwire.SYNC)
    conn.read_until(b"Z")
    return rows


with server_fixture.Server(GRANARY) as server:
    pid = server.process.pid
    conn = pgwire.Connection(server.port, timeout=600)
    conn.login("granary")
    conn.send(pgwire.query("SELECT 1"))
    conn.read_until(b"Z")
    for label, limit in (("portal, Execute limit %d" % FETCH, FETCH), ("one Execute, no limit", 0)):
        before = status_kib(pid, "VmRSS")
        sampler = PeakSampler(pid)
        start = time.monotonic()
        rows = read_all(conn, limit)
        seconds = time.monotonic() - start
        peak = sampler.stop()
        after = status_kib(pid, "VmRSS")
        assert rows == ROWS, rows
        print("%s: %d rows in %.1f s; server RSS before %d KiB, peak %d KiB (+%.1f MiB), after %d KiB"
              % (label, rows, seconds, before, peak, (peak - before) / 1024.0, after))
    conn.close()
