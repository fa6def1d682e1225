#!/usr/bin/python3
"""pgJDBC (Debian's libpostgresql-jdbc-java) against granary serve: compiles
jdbc/JdbcClient.java (queries, types, transactions) and jdbc/JdbcMetadata.java
(DatabaseMetaData) and runs each against a fresh server with a SCRAM password.

Usage: test_jdbc.py path/to/granary path/to/postgresql.jar
"""
import os
import subprocess
import sys
import tempfile

import server_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
GRANARY = server_fixture.granary_binary()
JAR = sys.argv[1]

with tempfile.TemporaryDirectory() as classes:
    sources = [os.path.join(HERE, "jdbc", name) for name in ("JdbcClient.java", "JdbcMetadata.java")]
    subprocess.run(["javac", "-d", classes] + sources, check=True)
    for program in ("JdbcClient", "JdbcMetadata"):
        with server_fixture.Server(GRANARY, password="jdbc pw") as server:
            result = subprocess.run(["java", "-cp", JAR + os.pathsep + classes, program,
                                     str(server.port), "granary", "jdbc pw"],
                                    capture_output=True, text=True, timeout=240)
            sys.stdout.write(result.stdout)
            sys.stderr.write(result.stderr)
            if result.returncode != 0 or result.stdout != "ok\n":
                sys.stderr.write(server.log())
                sys.exit(1)
print("pgJDBC client: ok")
