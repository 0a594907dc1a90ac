"""`/healthz` (the process answers) and `/readyz` (its database and the broker answer)."""
from __future__ import annotations

import threading
import time

from flask import Flask, jsonify

from ..bootstrap import ServiceContext
from .. import workdays
from ..broker import broker_reachable
from ..envelope import utcnow

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
        calendar = calendar_status(ctx.config)
        if calendar:
            body["calendar"] = calendar
        return jsonify(status="ready", **body)


def provisional_years(config) -> list[int]:
    """The years this service counts working days in without their official schedule (none if it counts none)."""
    if not config.counts_working_days:
        return []
    return workdays.provisional_years(utcnow().date(), config.calendar_confirmed_years)


def calendar_status(config) -> dict | None:
    """What `/readyz` says of the working-day calendar when a year is provisional (still ready)."""
    years = provisional_years(config)
    if not years:
        return None
    return {"provisional_years": years,
            "detail": f"Working days of {', '.join(map(str, years))} are computed from the statutory holidays: "
                      "the State Council's schedule (days off and make-up working days) is not loaded. "
                      "See the README, 'The yearly calendar'."}


def _database(ctx: ServiceContext) -> str | None:
    try:
        ctx.db.ping()
        return None
    except Exception as exc:  # any failure means not ready
        return type(exc).__name__
