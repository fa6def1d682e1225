"""The two servers a differential run talks to, each started in its own temporary directory.

Granary comes from tests/clients/server_fixture.py (fresh `granary init`, `serve --port 0`).
PostgreSQL 15 is initialised with --no-locale (so text sorts bytewise, like Granary's "C"
collation) and trust authentication, listens on 127.0.0.1 on a free port, and keeps its
socket in its own directory. PostgreSQL refuses to run as root, so when this process is root
the cluster belongs to the `postgres` user and its programs run through runuser.
"""
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile

import psycopg2
import psycopg2.extensions

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients"))
import server_fixture  # noqa: E402

PG_BIN = os.environ.get("GRANARY_PG_BIN", "/usr/lib/postgresql/15/bin")

# Every result value is read as the text the server sent: the comparison is on text (exact for
# integers and numeric), never on what psycopg2 would make of it.
_TEXT_OIDS = (16, 20, 21, 23, 25, 700, 701, 1043, 1082, 1114, 1700, 26, 18, 19, 1042)
_AS_TEXT = psycopg2.extensions.new_type(_TEXT_OIDS, "GRANARY_TEXT", lambda value, cursor: value)


def connect(dsn):
    connection = psycopg2.connect(dsn)
    connection.autocommit = True
    psycopg2.extensions.register_type(_AS_TEXT, connection)
    return connection


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Postgres:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="granary-difftest-pg-")
        self.data = os.path.join(self.root, "data")
        self.prefix = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.port = None

    def _run(self, *args):
        subprocess.run(self.prefix + list(args), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.root)

    def start(self):
        self._run(os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "postgres",
                  "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync")
        # A port taken between probe and start makes pg_ctl fail; try a few.
        for attempt in range(5):
            self.port = _free_port()
            options = "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off" % (
                self.port, self.root)
            try:
                self._run(os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-w", "-l",
                          os.path.join(self.root, "log"), "-o", options, "start")
                return self
            except subprocess.CalledProcessError:
                if attempt == 4:
                    raise
        return self

    def dsn(self):
        return "host=127.0.0.1 port=%d user=postgres dbname=postgres" % self.port

    def stop(self):
        if self.port is not None:
            subprocess.run(self.prefix + [os.path.join(PG_BIN, "pg_ctl"), "-D", self.data,
                                          "-m", "immediate", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.root)
            self.port = None
        shutil.rmtree(self.root, ignore_errors=True)


class Granary:
    def __init__(self, binary):
        self.server = server_fixture.Server(binary)

    def start(self):
        self.server.start()
        return self

    def dsn(self):
        return self.server.dsn()

    def log(self):
        return self.server.log()

    def alive(self):
        return self.server.process is not None and self.server.process.poll() is None

    def stop(self):
        try:
            if self.server.process is not None:
                self.server.stop()
        finally:
            self.server.cleanup()
