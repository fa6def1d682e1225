#!/usr/bin/python3
"""Measures what an idle connection costs granary serve: the server's resident memory before
and after N clients have logged in (trust) and gone idle, divided by N.

Usage: idle_connections.py path/to/granary [N]   (default N = 5000)
"""
import os
import resource
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "clients"))
import pgwire  # noqa: E402
import server_fixture  # noqa: E402

GRANARY = server_fixture.granary_binary()
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 5000


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
settings = {"max_connections": str(COUNT + 10)}
with server_fixture.Server(GRANARY, settings=settings) as server:
    pid = server.process.pid
    warm = [pgwire.Connection(server.port) for _ in range(10)]
    for conn in warm:
        conn.login("granary")
    before = rss_kib(pid)
    connections = []
    for _ in range(COUNT):
        conn = pgwire.Connection(server.port)
        assert conn.login("granary")[-1][0] == b"Z"
        connections.append(conn)
    after = rss_kib(pid)
    # Every connection still answers.
    for conn in connections[:: max(1, COUNT // 50)]:
        conn.send(pgwire.query("SELECT 1"))
        assert conn.read_until(b"Z")[-1][0] == b"Z"
    for conn in connections + warm:
        conn.close()
    print("idle connections: %d" % COUNT)
    print("server RSS before: %d KiB, after: %d KiB" % (before, after))
    print("per idle connection: %.1f KiB" % ((after - before) / COUNT))
