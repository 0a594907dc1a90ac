"""Unit of work: one database transaction in which the change and its outbox rows are written together."""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, insert

from . import envelope as envelopes
from .catalogue import Catalogue
from .config import Config
from .db import Database
from .numbers import Numbering, take_numbers
from .persistence import insert_new

log = logging.getLogger(__name__)
OUTBOX_CHANNEL = "qms_outbox"
_NOTIFY = f"pg_notify('{OUTBOX_CHANNEL}', '')"


class SqlUnitOfWork:
    """Context manager around a session; `publish` queues events that `commit` writes to the outbox.

    Services subclass it and attach their repositories in `_start` (called on enter).
    Leaving the block without `commit()` rolls everything back: no change, no event.
    """

    catalogue_package: str | None = None

    def __init__(self, db: Database, config: Config, tables):
        self.db = db
        self.config = config
        self.tables = tables
        self.session = None
        self._pending: list[dict] = []
        self._new: list = []

    def __enter__(self):
        self.session = self.db.session()
        self._pending = []
        self._new = []
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

    def add_new(self, aggregate) -> None:
        """Queue a new aggregate (and its children) for `commit`, which INSERTs it with the outbox rows.

        For a service's hot creation path: on PostgreSQL the aggregate, its children and its events go
        in one statement (qms_shared.persistence), not an ORM flush plus an outbox INSERT. Until then
        the rows are not in the database, so queries in the same unit of work do not see them.
        """
        self._new.append(aggregate)

    def commit(self) -> None:
        """Write the change and its events in one transaction, and wake the relay."""
        if self._new:
            self.session.flush()  # ORM changes first: a new aggregate's rows may refer to them
            rows = self._outbox_rows(self._pending)
            insert_new(self.session, *self._new, then=(self.tables.outbox, rows),
                       returning=_NOTIFY if rows and self.db.is_postgres else "")
        elif self._pending:
            self._write_outbox(self._pending)
        self.session.commit()
        self._pending, self._new = [], []

    def next_number(self, prefix: str, year: int) -> str:
        """The next human number of the year, e.g. `CP-2026-000001` (see numbers.py)."""
        return self.next_numbers(prefix, year, 1)[0]

    def next_numbers(self, prefix: str, year: int, count: int) -> list[str]:
        """`count` new human numbers at once, increasing (a re-evaluation may open hundreds of NCs)."""
        return take_numbers(self.db, self.session, self.tables.sequences, prefix, year, count)

    def numbering(self, prefix: str, year: int) -> Numbering:
        """The numbers of `prefix` and `year`, to take one in the same statement as a read (numbers.py)."""
        return Numbering(self.db, self.session, self.tables.sequences, prefix, year)

    def rollback(self) -> None:
        """Forget the change and its events."""
        self._pending, self._new = [], []
        self.session.rollback()

    def _write_outbox(self, pending: list[dict]) -> None:
        self.session.execute(self.tables.outbox_insert(self.db.is_postgres), self._outbox_rows(pending))

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
        self._outbox_inserts: dict[bool, Any] = {}

    def outbox_insert(self, postgres: bool):
        """The outbox INSERT, built once (building a statement costs more than running it).

        On PostgreSQL it NOTIFYs in the same round trip (identical notifications of one transaction
        fold into one, delivered at commit): that wakes the relay at once.
        """
        statement = self._outbox_inserts.get(postgres)
        if statement is None:
            statement = insert(self.outbox)
            if postgres:
                statement = statement.returning(func.pg_notify(OUTBOX_CHANNEL, ""))
            self._outbox_inserts[postgres] = statement
        return statement

