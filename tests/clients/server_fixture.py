"""Starting and stopping a `granary serve` for a client test.

Each test gets a fresh data directory (granary init, optionally with a superuser password),
an hba.conf written by the test when it needs other rules, and a server on a free
127.0.0.1 port: the server is started with --port 0 and the port is read from its
"connect with: psql -h ... -p PORT" log line, so two tests never race for a port.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

START_TIMEOUT = 30
STOP_TIMEOUT = 60


class Server:
    def __init__(self, granary, password=None, hba=None, settings=None, superuser="granary"):
        self.granary = granary
        self.root = tempfile.mkdtemp(prefix="granary-client-")
        self.data = os.path.join(self.root, "data")
        self.superuser = superuser
        self.password = password
        init = [granary, "init", "-D", self.data, "--superuser", superuser]
        if password is not None:
            pwfile = os.path.join(self.root, "pwfile")
            with open(pwfile, "w") as f:
                f.write(password + "\n")
            init += ["--pwfile", pwfile]
        subprocess.run(init, check=True, stdout=subprocess.DEVNULL)
        if hba is not None:
            with open(os.path.join(self.data, "hba.conf"), "w") as f:
                f.write(hba)
        self.settings = dict(settings or {})
        self.process = None
        self.port = None
        self.log_lines = []
        self._log_ready = threading.Event()

    def start(self):
        command = [self.granary, "serve", "-D", self.data, "--port", "0"]
        for name, value in self.settings.items():
            command += ["-c", "%s=%s" % (name, value)]
        self.log_lines = []
        self._log_ready = threading.Event()
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        text=True)
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()
        if not self._log_ready.wait(START_TIMEOUT) or self.port is None:
            self.process.kill()
            raise RuntimeError("server did not start:\n" + "".join(self.log_lines))
        return self

    def _read_log(self):
        for line in self.process.stderr:
            self.log_lines.append(line)
            match = re.search(r"connect with: psql -h \S+ -p (\d+)", line)
            if match:
                self.port = int(match.group(1))
                self._log_ready.set()
        self._log_ready.set()

    def stop(self, sig=signal.SIGTERM):
        """Asks for a fast shutdown; returns the exit status."""
        if self.process is None:
            return None
        self.process.send_signal(sig)
        try:
            code = self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise RuntimeError("server did not stop:\n" + "".join(self.log_lines))
        self._reader.join()
        self.process.stderr.close()
        self.process = None
        return code

    def log(self):
        return "".join(self.log_lines)

    def dsn(self, user=None, password=None, dbname="granary", **extra):
        """A libpq connection string; the superuser's password unless another user is named."""
        values = {"host": "127.0.0.1", "port": str(self.port), "user": user or self.superuser,
                  "dbname": dbname}
        if password is None and user is None:
            password = self.password
        if password is not None:
            values["password"] = password
        values.update(extra)
        quote = lambda v: "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return " ".join("%s=%s" % (key, quote(value)) for key, value in values.items())

    def env(self, password=None):
        env = dict(os.environ)
        env.pop("PGSERVICE", None)
        env["PGHOST"] = "127.0.0.1"
        env["PGPORT"] = str(self.port)
        env["PGUSER"] = self.superuser
        env["PGDATABASE"] = "granary"
        pw = password if password is not None else self.password
        if pw is not None:
            env["PGPASSWORD"] = pw
        env["PGCONNECT_TIMEOUT"] = "10"
        return env

    def cleanup(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self._reader.join()
            self.process.stderr.close()
            self.process = None
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        try:
            if self.process is not None:
                code = self.stop()
                if exc[0] is None and code != 0:
                    raise AssertionError("server exited with %s:\n%s" % (code, self.log()))
        finally:
            self.cleanup()


def granary_binary():
    if len(sys.argv) < 2:
        sys.exit("usage: %s path/to/granary [test names]" % sys.argv[0])
    return os.path.abspath(sys.argv.pop(1))
