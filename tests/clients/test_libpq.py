#!/usr/bin/python3
"""Runs the libpq program (libpq_client.c) against granary serve, logging in with
SCRAM-SHA-256 as libpq does by default.

Usage: test_libpq.py path/to/granary path/to/libpq_client
"""
import subprocess
import sys

import server_fixture

GRANARY = server_fixture.granary_binary()
CLIENT = sys.argv[1]

with server_fixture.Server(GRANARY, password="libpq pw") as server:
    result = subprocess.run([CLIENT, server.dsn()], capture_output=True,
                            text=True, timeout=120)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0 or result.stdout != "ok\n":
        sys.stderr.write(server.log())
        sys.exit(1)
print("libpq client: ok")
