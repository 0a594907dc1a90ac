"""`/healthz` (the process answers) and `/readyz` (its database and the broker answer)."""
from __future__ import annotations

import threading
import time

from flask import Flask, jsonify

from ..bootstrap import ServiceContext
from ..broker import broker_reachable

_CACHE_SECONDS = 2.0


class _BrokerProbe:
    """Remembers the broker check for a moment so a burst of probes opens one connection."""

    def __init__(self, url: str):
        self.url = url
        self.checked_at = 0.0
        self.result: str | None = None
        self.lock = threading.Lock()

    def check(self) -> str | None:
        with self.lock:
            if time.monotonic() - self.checked_at > _CACHE_SECONDS:
                self.result = broker_reachable(self.url, timeout=1.5)
                self.checked_at = time.monotonic()
            return self.result


def register_health(app: Flask, ctx: ServiceContext) -> None:
    """Add the two probes (no token needed)."""
    probe = _BrokerProbe(ctx.config.broker_url)

    @app.get("/healthz")
    def healthz():
        """Alive: the process answers."""
        return jsonify(status="ok", service=ctx.config.service)

    @app.get("/readyz")
    def readyz():
        """Ready: the database and the broker can be reached; 503 naming what is down."""
        checks = {"database": _database(ctx), "broker": probe.check()}
        down = {name: error for name, error in checks.items() if error}
        body = {"service": ctx.config.service,
                "checks": {name: ("down: " + down[name]) if name in down else "ok" for name in checks}}
        if down:
            body.update(type="urn:qms:problem:ServiceUnavailable", title="Service unavailable", status=503,
                        detail="Not ready: " + ", ".join(sorted(down)) + " unreachable.")
            response = jsonify(body)
            response.status_code = 503
            response.mimetype = "application/problem+json"
            return response
        return jsonify(status="ready", **body)


def _database(ctx: ServiceContext) -> str | None:
    try:
        ctx.db.ping()
        return None
    except Exception as exc:  # any failure means not ready
        return type(exc).__name__
