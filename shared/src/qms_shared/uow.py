"""Unit of work: one database transaction in which the change and its outbox rows are written together."""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from . import envelope as envelopes
from .catalogue import Catalogue
from .config import Config
from .db import Database
from .domain import DUPLICATE_RECORD, ConcurrentUpdate, Conflict
from .numbers import take_numbers

OUTBOX_CHANNEL = "qms_outbox"
log = logging.getLogger(__name__)
_FEW = 100  # events a commit writes with RETURNING pg_notify in the same statement


class SqlUnitOfWork:
    """Context manager around an ORM session; `publish` queues events that `commit` writes to the outbox.

    Services subclass it and attach their repositories in `_start` (called on enter). Leaving the
    block without `commit()` rolls everything back: no change, no event.
    """

    catalogue_package: str | None = None

    def __init__(self, db: Database, config: Config, tables):
        self.db = db
        self.config = config
        self.tables = tables
        self.session = None
        self._pending: list[dict] = []

    def __enter__(self):
        self.session = self.db.session()
        self._pending = []
        self._start()
        return self

    def _start(self) -> None:
        """Hook for subclasses: create repositories on `self.session`."""

    def __exit__(self, *exc):
        # Detach what was loaded first, so views can still serialise it after the block; then
        # roll back whatever was not committed.
        try:
            self.session.expunge_all()
            self.rollback()
        finally:
            self.session.close()

    def publish(self, type: str, subject: Any, data: dict, *, version: int = 1) -> dict:
        """Queue an integration event; it is written to the outbox by `commit`, with the change."""
        env = envelopes.new_envelope(source=self.config.service, type=type, subject=subject,
                                     data=data, version=version)
        if self.config.validate_events and self.catalogue_package:
            Catalogue.of_package(self.catalogue_package).validate(env)
        self._pending.append(env)
        return env

    def pending_mark(self) -> int:
        """How many events are queued now (to discard what a failed step queued after it)."""
        return len(self._pending)

    def discard_since(self, mark: int) -> None:
        """Forget the events queued after `mark` (their change was rolled back to a savepoint)."""
        del self._pending[mark:]

    def commit(self) -> None:
        """Write the change and its events in one transaction; the outbox INSERT wakes the relay.

        What the database refuses comes out as the domain's errors, so no handler needs the driver's:
        a row changed since it was read (its version) is ConcurrentUpdate, a duplicate is Conflict (409).
        """
        try:
            self.session.flush()
            if self._pending:
                self._write_outbox(self._outbox_rows(self._pending))
            self.session.commit()
        except StaleDataError as exc:
            raise ConcurrentUpdate() from exc
        except IntegrityError as exc:  # e.g. a second report of one missed due date
            log.warning("integrity error", extra={"error": str(exc.orig)[:500]})
            raise Conflict(DUPLICATE_RECORD) from exc
        self._pending = []

    def _write_outbox(self, rows: list[dict]) -> None:
        """A change's few events in one INSERT that also wakes the relay; a re-evaluation's thousands as
        a plain executemany (RETURNING one row each costs more than the rows) and then one NOTIFY."""
        if len(rows) <= _FEW:
            self.session.execute(self.tables.outbox_insert, rows)
        else:
            self.session.execute(insert(self.tables.outbox), rows)
            self.session.execute(self.tables.wake_relay)

    def rollback(self) -> None:
        """Forget the change and its events."""
        self._pending = []
        self.session.rollback()

    def next_number(self, prefix: str, year: int) -> str:
        """The next human number of the year, e.g. `CP-2026-000001` (see numbers.py)."""
        return self.next_numbers(prefix, year, 1)[0]

    def next_numbers(self, prefix: str, year: int, count: int) -> list[str]:
        """`count` new human numbers at once, increasing (a re-evaluation may open hundreds of NCs)."""
        return take_numbers(self.db, self.session, self.tables.sequences, prefix, year, count)

    @staticmethod
    def _outbox_rows(pending: list[dict]) -> list[dict]:
        now = envelopes.utcnow()
        return [{"event_id": env["id"], "event_type": env["type"], "payload": envelopes.dumps(env),
                 "created_at": now, "attempts": 0, "unroutable": False} for env in pending]


class MessagingTables:
    """The outbox, inbox and idempotency tables of one service's MetaData."""

    def __init__(self, metadata):
        self.outbox = metadata.tables["outbox"]
        self.inbox = metadata.tables["inbox"]
        self.idempotency = metadata.tables["idempotency_keys"]
        self.sequences = metadata.tables["number_sequences"]
        # Many rows go in one statement (SQLAlchemy's insertmanyvalues); RETURNING pg_notify wakes the
        # relay in the same round trip: identical notifications of a transaction fold into one, at commit.
        self.outbox_insert = insert(self.outbox).returning(func.pg_notify(OUTBOX_CHANNEL, ""))
        self.wake_relay = select(func.pg_notify(OUTBOX_CHANNEL, ""))
