"""Starts real service processes (gunicorn API + worker) on real PostgreSQL and RabbitMQ, for e2e tests.

Each run gets its own databases, exchange and queue names and free ports, so it never disturbs a
suite started with `make up` or another test run on the same machine.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import kombu
import requests

from qms_shared import testing

BIN = Path(sys.executable).parent


def _consumes(service: str) -> bool:
    """Whether the service's worker consumes events at all (bootstrapping opens no connection)."""
    import importlib
    return bool(importlib.import_module(f"{service}.bootstrap").bootstrap(
        {"database_url": "postgresql://nobody@127.0.0.1:1/unused"}).event_handlers)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Suite:
    """The named services running as processes; `url(service)` and `headers(roles)` to call them."""

    def __init__(self, services, extra_env: dict | None = None, wrapper: list[str] | None = None):
        self.services = list(services)
        self.wrapper = list(wrapper or [])  # a command the API and worker run under, e.g. faketime
        self.broker = testing.isolated_broker_settings()
        self.secret = "e2e-secret-" + os.urandom(12).hex()
        self.ports = {name: free_port() for name in self.services}
        self.tmp = tempfile.mkdtemp(prefix="qms-e2e-")
        self.extra_env = extra_env or {}
        self.procs: dict[str, subprocess.Popen] = {}
        self.databases = {name: f"qms_e2e_{name}_{self.broker['queue_prefix'].split('.')[1]}"
                          for name in self.services}

    def env(self, service: str) -> dict:
        """The environment of one service's processes."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
        env.update({
            "DATABASE_URL": testing.fresh_database(self.databases[service]) if service not in self.procs else "",
            "BROKER_URL": testing.broker_url_for(service), "QMS_EXCHANGE": self.broker["exchange"],
            "QMS_BROKER_USERS": ",".join(f"{s}={u}" for s, u in self.broker["broker_users"].items()),
            "QMS_QUEUE_PREFIX": self.broker["queue_prefix"], "JWT_SECRET": self.secret,
            "QMS_DATA_DIR": self.tmp, "PROMETHEUS_MULTIPROC_DIR": f"{self.tmp}/metrics/{service}",
            "QMS_RETRY_DELAYS_MS": "200,500", "LOG_LEVEL": "WARNING", "QMS_VALIDATE_EVENTS": "true",
            "QMS_ENV": "development",  # tests run with made-up secrets (WEBHOOK_SECRET's default among them)
        })
        env.update(self.extra_env.get(service, {}))
        return env

    def start(self) -> "Suite":
        """Start every service's API and worker and wait until they serve (stopped again on failure)."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        for service in self.services:
            env = self.env(service)
            self._env_cache = getattr(self, "_env_cache", {})
            self._env_cache[service] = env
            cli = str(BIN / f"qms-{service}")
            subprocess.run([cli, "migrate"], env=env, check=True, timeout=120)
            self.procs[f"{service}-api"] = subprocess.Popen(
                [*self.wrapper, cli, "serve", "--bind", f"127.0.0.1:{self.ports[service]}", "--workers", "2"], env=env)
            self.procs[f"{service}-worker"] = subprocess.Popen([*self.wrapper, cli, "worker"], env=env)
        for service in self.services:
            testing.wait_until(lambda: self._ready(service), timeout=60, interval=0.2)

    def restart_worker(self, service: str, sig=signal.SIGKILL) -> None:
        """Kill a worker (SIGKILL by default) and start it again."""
        proc = self.procs[f"{service}-worker"]
        proc.send_signal(sig)
        proc.wait(30)
        self.procs[f"{service}-worker"] = subprocess.Popen(
            [*self.wrapper, str(BIN / f"qms-{service}"), "worker"], env=self._env_cache[service])
        testing.wait_until(lambda: self._consuming(service), timeout=60, interval=0.2)

    def url(self, service: str, path: str = "") -> str:
        """The base URL of a service, plus `path`."""
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    def headers(self, *roles: str, sub: str = "e2e", department: str | None = None) -> dict:
        """Authorization for the given roles."""
        from qms_shared.web.auth import mint_token
        token = mint_token(self.secret, sub=sub, roles=list(roles) or ["admin"], department=department)
        return {"Authorization": f"Bearer {token}"}

    def database_url(self, service: str) -> str:
        """The SQLAlchemy URL of a service's database."""
        return self._env_cache[service]["DATABASE_URL"]

    def _ready(self, service: str) -> bool:
        for role in ("api", "worker"):
            proc = self.procs[f"{service}-{role}"]
            if proc.poll() is not None:
                raise RuntimeError(f"{service}-{role} exited with {proc.returncode}")
        try:
            if requests.get(self.url(service, "/readyz"), timeout=2).status_code != 200:
                return False
        except requests.RequestException:
            return False
        return self._consuming(service)

    def _consuming(self, service: str) -> bool:
        if not _consumes(service):
            return True
        queue = f"{self.broker['queue_prefix']}{service}.events"
        try:
            with kombu.Connection(self.broker["broker_url"]) as conn:
                return conn.channel().queue_declare(queue, passive=True).consumer_count > 0
        except Exception:
            return False

    def stop(self) -> None:
        """SIGTERM everything, wait, and drop the databases and queues."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        for service in self.services:
            if service not in getattr(self, "_env_cache", {}):
                continue
            testing.drop_database(self.databases[service])
            from qms_shared.config import Config
            testing.delete_topology(Config(service=service).with_overrides(self.broker))
