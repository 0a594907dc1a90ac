"""Waking dispatchers in other processes: a PostgreSQL NOTIFY on commit, heard on a LISTEN connection."""
from __future__ import annotations

import logging

import psycopg
from sqlalchemy import func, select

log = logging.getLogger(__name__)

DELIVERY_CHANNEL = "qms_notifications_deliveries"
_NOTIFY = select(func.pg_notify(DELIVERY_CHANNEL, ""))


def notify_dispatchers(session) -> None:
    """Tell every listening dispatcher there is work; PostgreSQL delivers it when the transaction commits."""
    session.execute(_NOTIFY)


class DeliveryListener:
    """A LISTEN connection of its own (autocommit): `heard()` says whether a NOTIFY arrived since last asked."""

    def __init__(self, db):
        self.db = db
        self._connection = None

    def heard(self) -> bool:
        """True when another process committed work; False (and a reconnect next time) if listening failed."""
        try:
            return any(True for _ in self._listening().notifies(timeout=0, stop_after=1))
        except Exception as exc:  # the dispatcher still polls: a lost listener only costs latency
            log.warning("delivery listener failed; polling", extra={"error": repr(exc)})
            self.close()
            return False

    def _listening(self):
        if self._connection is None or self._connection.closed:
            url = self.db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._connection = psycopg.connect(url, autocommit=True)
            self._connection.execute(f"LISTEN {DELIVERY_CHANNEL}")
        return self._connection

    def close(self) -> None:
        """Close the listening connection (opened again when next asked)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
