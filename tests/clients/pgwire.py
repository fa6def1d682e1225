"""A minimal PostgreSQL v3 protocol client for tests that need to send exact bytes:
malformed messages, row limits, raw startup packets. Not a driver: it does what a test asks
and returns the messages the server sent back.
"""
import base64
import hashlib
import hmac
import os
import socket
import struct


def cstr(text):
    return text.encode() + b"\0"


def message(kind, payload=b""):
    return kind + struct.pack("!i", len(payload) + 4) + payload


def startup_packet(user, database="granary", **params):
    body = struct.pack("!i", 196608) + cstr("user") + cstr(user) + cstr("database") + cstr(database)
    for name, value in params.items():
        body += cstr(name) + cstr(value)
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


def query(sql):
    return message(b"Q", cstr(sql))


def parse(name, sql, types=()):
    return message(b"P", cstr(name) + cstr(sql) + struct.pack("!h", len(types)) +
                   b"".join(struct.pack("!I", t) for t in types))


def bind(portal, statement, params=(), param_formats=(), result_formats=()):
    body = cstr(portal) + cstr(statement) + struct.pack("!h", len(param_formats))
    body += b"".join(struct.pack("!h", f) for f in param_formats)
    body += struct.pack("!h", len(params))
    for value in params:
        if value is None:
            body += struct.pack("!i", -1)
        else:
            body += struct.pack("!i", len(value)) + value
    body += struct.pack("!h", len(result_formats)) + b"".join(struct.pack("!h", f) for f in result_formats)
    return message(b"B", body)


def describe(kind, name):
    return message(b"D", kind + cstr(name))


def execute(portal, max_rows=0):
    return message(b"E", cstr(portal) + struct.pack("!i", max_rows))


def close(kind, name):
    return message(b"C", kind + cstr(name))


SYNC = message(b"S")
FLUSH = message(b"H")
TERMINATE = message(b"X")


def error_fields(payload):
    fields = {}
    for part in payload.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode()
    return fields


def kinds(messages):
    """The message type bytes of a list of (kind, payload) messages, joined."""
    return b"".join(kind for kind, _ in messages)


def error_code(messages, notices=False):
    """The SQLSTATE of the first ErrorResponse (or NoticeResponse, with notices), or None."""
    wanted = (b"E", b"N") if notices else (b"E",)
    for kind, payload in messages:
        if kind in wanted:
            return error_fields(payload)["C"]
    return None


def data_rows(messages):
    """The DataRow messages' values (bytes, None for NULL), row by row."""
    rows = []
    for kind, payload in messages:
        if kind != b"D":
            continue
        count = struct.unpack("!h", payload[:2])[0]
        pos, row = 2, []
        for _ in range(count):
            length = struct.unpack("!i", payload[pos:pos + 4])[0]
            pos += 4
            if length < 0:
                row.append(None)
            else:
                row.append(payload[pos:pos + length])
                pos += length
        rows.append(row)
    return rows


class Connection:
    def __init__(self, port, timeout=30):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed the connection")
            self.buffer += chunk

    def read_byte(self):
        self._fill(1)
        byte, self.buffer = self.buffer[:1], self.buffer[1:]
        return byte

    def read_message(self):
        """(type byte, payload)."""
        self._fill(5)
        kind = self.buffer[:1]
        length = struct.unpack("!i", self.buffer[1:5])[0]
        self._fill(1 + length)
        payload = self.buffer[5:1 + length]
        self.buffer = self.buffer[1 + length:]
        return kind, payload

    def read_until(self, kind):
        """Every message up to and including the first of type `kind`."""
        messages = []
        while True:
            m = self.read_message()
            messages.append(m)
            if m[0] == kind:
                return messages

    def closed_by_server(self):
        """True when the server closes the socket (after whatever it still sends)."""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.buffer += chunk
        except (ConnectionResetError, socket.timeout):
            return False

    def login(self, user, password=None, database="granary", **params):
        """Startup with trust, cleartext or md5; returns the messages up to ReadyForQuery."""
        self.send(startup_packet(user, database, **params))
        messages = []
        while True:
            kind, payload = self.read_message()
            messages.append((kind, payload))
            if kind == b"R":
                code = struct.unpack("!i", payload[:4])[0]
                if code == 3:
                    self.send(message(b"p", cstr(password)))
                elif code == 5:
                    inner = hashlib.md5((password + user).encode()).hexdigest()
                    outer = hashlib.md5(inner.encode() + payload[4:8]).hexdigest()
                    self.send(message(b"p", cstr("md5" + outer)))
                elif code == 10:
                    scram = ScramClient(password)
                    first = scram.client_first().encode()
                    self.send(message(b"p", cstr("SCRAM-SHA-256") + struct.pack("!i", len(first)) + first))
                elif code == 11:
                    self.send(message(b"p", scram.client_final(payload[4:].decode()).encode()))
                elif code == 12:
                    scram.verify_server_final(payload[4:].decode())
            if kind in (b"Z", b"E"):
                return messages

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class ScramClient:
    """The client side of SCRAM-SHA-256 (RFC 5802/7677) as libpq runs it."""

    def __init__(self, password):
        self.password = password.encode()
        self.nonce = base64.b64encode(os.urandom(18)).decode()
        self.first_bare = "n=,r=" + self.nonce

    def client_first(self):
        return "n,," + self.first_bare

    def client_final(self, server_first):
        fields = dict(part.split("=", 1) for part in server_first.split(","))
        assert fields["r"].startswith(self.nonce)
        salted = hashlib.pbkdf2_hmac("sha256", self.password, base64.b64decode(fields["s"]),
                                     int(fields["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored_key = hashlib.sha256(client_key).digest()
        without_proof = "c=biws,r=" + fields["r"]
        self.auth_message = (self.first_bare + "," + server_first + "," + without_proof).encode()
        signature = hmac.new(stored_key, self.auth_message, hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        self.server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        return without_proof + ",p=" + base64.b64encode(proof).decode()

    def verify_server_final(self, server_final):
        expected = hmac.new(self.server_key, self.auth_message, hashlib.sha256).digest()
        assert server_final == "v=" + base64.b64encode(expected).decode(), server_final
