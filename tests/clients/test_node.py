#!/usr/bin/python3
"""node-postgres (npm pg, installed into tests/clients/node by scripts/setup.sh) against
granary serve: runs node/node_client.js against a fresh server with a SCRAM password.

Usage: test_node.py path/to/granary path/to/node
"""
import os
import subprocess
import sys

import server_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
GRANARY = server_fixture.granary_binary()
NODE = sys.argv[1]

with server_fixture.Server(GRANARY, password="node pw") as server:
    result = subprocess.run([NODE, os.path.join(HERE, "node", "node_client.js"), str(server.port),
                             "granary", "node pw"],
                            capture_output=True, text=True, timeout=240)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0 or result.stdout != "ok\n":
        sys.stderr.write(server.log())
        sys.exit(1)
print("node-postgres client: ok")
