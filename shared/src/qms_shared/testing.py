"""Test helpers for every service: real PostgreSQL databases, isolated RabbitMQ names, tokens, waiting.

Integration tests talk to the machine's real servers (MACHINE.md); these helpers keep parallel
runs apart by giving each its own database and its own exchange and queue names.
"""
from __future__ import annotations

import atexit
import os
import threading
import time
import uuid
from typing import Callable

import psycopg
from psycopg import sql

PG_ADMIN_URL = os.environ.get("QMS_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_HOST_URL = PG_ADMIN_URL.rsplit("/", 1)[0]
BROKER_URL = os.environ.get("QMS_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")


def fresh_database(name: str) -> str:
    """Drop and create database `name`; return its SQLAlchemy URL."""
    from . import numbers
    numbers._known.clear()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql+psycopg://{PG_HOST_URL.split('://', 1)[1]}/{name}"


def drop_database(name: str) -> None:
    """Drop database `name` if it exists."""
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def isolated_broker_settings(service: str = "test") -> dict:
    """Config overrides giving a test its own exchange and queue names on the shared broker, connected
    as `service`'s own broker user of this test run (events are checked against their publisher)."""
    tag = uuid.uuid4().hex[:8]
    return {"broker_url": broker_url_for(service), "exchange": f"test.{tag}.events",
            "queue_prefix": f"test.{tag}.", "broker_users": broker_users()}


# Every service publishes as a broker user of its own (authenticity.py). A test run makes one user per
# service, named with its process id (so parallel runs never share one), and deletes them at exit.
TEST_SERVICES = ("complaints", "reviews", "compliance", "notifications", "notes", "test", "intruder")
_USER_PREFIX = "qmstest"
_users: dict[str, tuple[str, str]] = {}
_users_lock = threading.Lock()


def broker_users() -> dict[str, str]:
    """service -> the broker user of this test run that publishes its events."""
    return {service: user for service, (user, _) in _test_users().items()}


def broker_users_env(config) -> str:
    """`QMS_BROKER_USERS` for a process started with `config` (who publishes each service's events)."""
    return ",".join(f"{service}={user}" for service, user in config.broker_users.items())


def broker_url_for(service: str) -> str:
    """The AMQP URL of `service`'s broker user of this test run."""
    user, password = _test_users()[service]
    host = BROKER_URL.split("@", 1)[1] if "@" in BROKER_URL else BROKER_URL.split("://", 1)[1]
    return f"amqp://{user}:{password}@{host}"


def _test_users() -> dict[str, tuple[str, str]]:
    with _users_lock:
        if not _users:
            _delete_users_of_dead_runs()
            made = {s: (f"{_USER_PREFIX}{os.getpid()}-{s}", uuid.uuid4().hex) for s in TEST_SERVICES}
            _import_users(made.values())
            _users.update(made)
            atexit.register(delete_test_users)
        return dict(_users)


def _import_users(users) -> None:
    import base64
    import hashlib
    import json
    import subprocess
    import tempfile

    def hashed(password: str) -> str:
        salt = os.urandom(4)
        return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()
    definitions = {
        "users": [{"name": u, "password_hash": hashed(p), "hashing_algorithm": "rabbit_password_hashing_sha256",
                   "tags": []} for u, p in users],
        "permissions": [{"user": u, "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"} for u, _ in users]}
    with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
        json.dump(definitions, file)
        file.flush()
        os.chmod(file.name, 0o644)  # read by the broker's own process; the passwords in it are hashed
        subprocess.run(["rabbitmqctl", "-q", "import_definitions", file.name], check=True, capture_output=True)
    last_user, last_password = list(users)[-1]
    host = BROKER_URL.split("@", 1)[1] if "@" in BROKER_URL else BROKER_URL.split("://", 1)[1]
    wait_until(lambda: _can_log_in(f"amqp://{last_user}:{last_password}@{host}"), timeout=20, interval=0.1)


def _can_log_in(url: str) -> bool:
    import kombu
    try:
        with kombu.Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def delete_test_users() -> None:
    """Delete this run's broker users (at exit)."""
    with _users_lock:
        names = [user for user, _ in _users.values()]
        _users.clear()
    _delete_users(names)


def _delete_users(names) -> None:
    import subprocess
    for name in names:
        subprocess.run(["rabbitmqctl", "-q", "delete_user", name], capture_output=True)


def _delete_users_of_dead_runs() -> None:
    """Users left by a test run that was killed before its exit handler ran."""
    import subprocess
    listed = subprocess.run(["rabbitmqctl", "-q", "list_users", "--no-table-headers"], capture_output=True, text=True)
    stale = []
    for line in listed.stdout.splitlines():
        name = line.split("\t", 1)[0].strip()
        pid = name[len(_USER_PREFIX):].split("-", 1)[0] if name.startswith(_USER_PREFIX) else ""
        if pid.isdigit() and not _alive(int(pid)):
            stale.append(name)
    _delete_users(stale)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def delete_topology(config, patterns=()) -> None:
    """Remove the queues and exchange a test declared (any retry ladder up to ten steps, and what an
    interrupted queue migration left)."""
    import kombu
    names = [config.queue, config.dead_letter_queue] + [config.retry_queue(step) for step in range(1, 11)]
    with kombu.Connection(config.broker_url) as conn:
        channel = conn.channel()
        for name in names + [f"{name}.migrating" for name in names]:
            try:
                channel.queue_delete(name)
            except Exception:
                channel = conn.channel()
        try:
            channel.exchange_delete(config.exchange)
        except Exception:
            pass


def truncate_all(db, metadata) -> None:
    """Empty every table of `metadata` and drop the number sequences (between tests)."""
    from sqlalchemy import text
    from . import numbers
    numbers._known.clear()
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        for (seq,) in conn.execute(text("SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'number\\_%'")):
            conn.execute(text(f'DROP SEQUENCE "{seq}"'))


def bearer(config, roles, sub: str = "tester", department: str | None = None, name: str = "") -> dict:
    """An Authorization header for `roles`."""
    from .web.auth import mint_token
    token = mint_token(config.jwt_secret, sub=sub, roles=roles, department=department, name=name or sub)
    return {"Authorization": f"Bearer {token}"}


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.05):
    """Poll `predicate` until it returns something truthy; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


def publish_raw(config, routing_key: str, body, message_id: str | None = None, *, as_service: str | None = None,
                headers: dict | None = None) -> None:
    """Publish one message straight to the exchange (for consumer tests), confirmed, as the broker user of
    `as_service` (by default the service the routing key names, as its own relay would)."""
    import kombu
    from amqp import Message
    service = as_service or routing_key.split(".", 1)[0]
    user, _ = _test_users()[service]
    with kombu.Connection(broker_url_for(service)) as conn:
        channel = conn.connection.channel()
        channel.exchange_declare(config.exchange, "topic", durable=True, auto_delete=False)
        channel.basic_publish_confirm(Message(body, delivery_mode=2, content_type="application/json",
                                              message_id=message_id, user_id=user, application_headers=headers),
                                      exchange=config.exchange, routing_key=routing_key, confirm_timeout=10)


class TcpProxy:
    """A TCP proxy on 127.0.0.1 in front of a real server, which a test can cut and restore.

    Cutting it closes every connection and refuses new ones: to the client, the broker is down
    (or restarted), while the real RabbitMQ keeps serving everyone else on the machine.
    """

    def __init__(self, target_host: str = "127.0.0.1", target_port: int = 5672):
        import socket
        import threading
        self.target = (target_host, target_port)
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.server.listen(64)
        self.up = threading.Event()
        self.up.set()
        self.connections: list = []
        self.accepted = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, user: str = "guest", password: str = "guest") -> str:
        """An AMQP URL through the proxy."""
        return f"amqp://{user}:{password}@127.0.0.1:{self.port}//"

    def cut(self) -> None:
        """Close every connection and refuse new ones until `restore`."""
        self.up.clear()
        with self.lock:
            for sock in self.connections:
                _close(sock)
            self.connections.clear()

    def restore(self) -> None:
        """Accept connections again."""
        self.up.set()

    def close(self) -> None:
        """Stop the proxy."""
        self.cut()
        _close(self.server)

    def _accept(self) -> None:
        import socket
        import threading
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.up.is_set():
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.connections += [client, upstream]
                self.accepted += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


def _pipe(source, sink) -> None:
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock) -> None:
    import socket
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class ProbeQueue:
    """A queue bound to the test's exchange with `pattern`, to see exactly what was published."""

    def __init__(self, config, pattern: str = "#"):
        import kombu
        self.config = config
        self.name = f"{config.queue_prefix}probe.{uuid.uuid4().hex[:6]}"
        self.conn = kombu.Connection(config.broker_url)
        self.channel = self.conn.connection.channel() if self.conn.connect() else None
        self.channel.exchange_declare(config.exchange, "topic", durable=True, auto_delete=False)
        self.channel.queue_declare(self.name, durable=False, auto_delete=False)
        self.channel.queue_bind(self.name, config.exchange, routing_key=pattern)

    def messages(self, expected: int, timeout: float = 10.0) -> list[dict]:
        """Wait for `expected` messages (decoded envelopes) and return them all, in order."""
        import json
        got: list[dict] = []
        deadline = time.monotonic() + timeout
        while len(got) < expected and time.monotonic() < deadline:
            message = self.channel.basic_get(self.name, no_ack=True)
            if message is None:
                time.sleep(0.02)
                continue
            got.append(json.loads(message.body))
        return got

    def count(self) -> int:
        """Messages waiting in the probe right now."""
        return self.channel.queue_declare(self.name, passive=True).message_count

    def close(self) -> None:
        """Delete the probe queue."""
        self.channel.queue_delete(self.name)
        self.conn.release()


class RunningConsumer:
    """A service's event consumer on its own thread for the length of a `with` block."""

    def __init__(self, ctx, config=None):
        from .consumer import EventConsumer
        self.stop = threading.Event()
        self.consumer = EventConsumer(config=config or ctx.config, uow_factory=ctx.uow_factory,
                                      handlers=ctx.event_handlers, tables=ctx.tables, stop=self.stop)
        self.thread = threading.Thread(target=self.consumer.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        assert self.consumer.ready.wait(10), "consumer did not connect"
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(15)
        assert not self.thread.is_alive()
