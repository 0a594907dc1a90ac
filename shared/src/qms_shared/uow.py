"""Unit of work: one database transaction in which the change and its outbox rows are written together."""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from . import envelope as envelopes
from .catalogue import Catalogue
from .config import Config
from .db import Database
from .numbers import Numbering, take_numbers
from .persistence import RAW_CONNECTION, insert_new, insert_new_statement, run_sql, run_sql_together

log = logging.getLogger(__name__)
OUTBOX_CHANNEL = "qms_outbox"
_NOTIFY = f"pg_notify('{OUTBOX_CHANNEL}', '')"
SERIALIZATION_FAILURE = "40001"  # SQLSTATE serialization_failure
_ONE_STATEMENT_OUTBOX_ROWS = 50


class ReadChanged(Exception):
    """What a unit of work read changed before its one-statement commit: a `check_at_commit` failed.

    Nothing was written. Do it again, e.g. in an ordinary transaction that locks what it reads.
    """


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
        self._one_statement = False
        self._checks: list[tuple[str, tuple]] = []
        self._with_commit: list[tuple[str, list]] = []

    def __enter__(self):
        self.session = self.db.session(autocommit=self._one_statement)
        if self._one_statement and self.db.is_postgres:
            # run_sql and add_new go to a pooled connection of their own, without the session's
            # Connection and transaction objects (a third of a creation's database CPU in the client)
            self.session.info[RAW_CONNECTION] = self.db.autocommit_engine.raw_connection()
        self._pending = []
        self._new = []
        self._checks = []
        self._with_commit = []
        self._start()
        return self

    def in_one_statement(self) -> "SqlUnitOfWork":
        """Use the next `with` block without a transaction of its own (PostgreSQL; elsewhere as usual).

        For a creation that reads, then only adds new aggregates and events: each read stands alone,
        and `commit()` writes the aggregates and their events in one statement, which is atomic by
        itself. That saves the BEGIN and COMMIT round trips, a third of a creation's. Nothing read is
        locked until the write: what must not have changed meanwhile is checked by the write itself
        (`check_at_commit`). Changing a loaded aggregate in such a block is refused at commit.
        """
        self._one_statement = True
        return self

    def check_at_commit(self, condition: str, *params) -> None:
        """Have the commit's statement evaluate `condition` (SQL, `{}` for each of `params`) after its writes.

        The condition is a call to a database function that locks what was read and raises
        serialization_failure (SQLSTATE 40001) if it changed; then nothing is written and `commit`
        raises ReadChanged. PostgreSQL only, with `add_new`.
        """
        if not self.db.is_postgres:
            raise NotImplementedError("checks at commit need PostgreSQL")
        self._checks.append((condition, params))

    def _start(self) -> None:
        """Hook for subclasses: create repositories on `self.session`."""

    def __exit__(self, *exc):
        # Detach what was loaded first, so views can still serialise it after the block; then
        # roll back whatever was not committed.
        raw = self.session.info.pop(RAW_CONNECTION, None)
        try:
            self.session.expunge_all()
            self.rollback()
        finally:
            self._one_statement = False
            self.session.close()
            if raw is not None:
                raw.close()  # back to the pool

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

    def write_with_commit(self, sql: str, params: list) -> None:
        """Run `sql` (`$n` placeholders, as persistence.run_sql) at `commit`, before the events' INSERT and in
        its round trip, with COMMIT (PostgreSQL with psycopg). Nothing reads its rows: a statement that must
        check what it found raises serialization_failure (SQLSTATE 40001) itself, and `commit` raises
        StaleDataError (the row changed under it); the transaction fails and COMMIT rolls it back."""
        self._with_commit.append((sql, params))

    def add_new(self, aggregate) -> None:
        """Queue a new aggregate (and its children) for `commit`, which INSERTs it with the outbox rows.

        For a service's hot creation path: on PostgreSQL the aggregate, its children and its events go
        in one statement (qms_shared.persistence), not an ORM flush plus an outbox INSERT. Until then
        the rows are not in the database, so queries in the same unit of work do not see them.
        """
        self._new.append(aggregate)

    def commit(self) -> None:
        """Write the change and its events in one transaction, and wake the relay."""
        if self._one_statement and (self.session.new or self.session.dirty or self.session.deleted):
            raise RuntimeError("a unit of work in one statement only adds new aggregates (add_new)")
        if self._checks and not self._new:
            raise RuntimeError("check_at_commit needs add_new: the check runs in its INSERT statement")
        try:
            self._write()
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == SERIALIZATION_FAILURE:
                if self._checks:
                    raise ReadChanged(str(error.orig).splitlines()[0]) from error
                if self._with_commit:
                    raise StaleDataError(str(error.orig).splitlines()[0]) from error
            raise
        if not self._one_statement or self.session.in_transaction():
            self.session.commit()  # nothing left to send when COMMIT went with the events
        self._pending, self._new, self._checks, self._with_commit = [], [], [], []

    def _write(self) -> None:
        # New aggregates, and the usual few events of any change on PostgreSQL, go in one INSERT run by
        # psycopg itself (persistence.insert_new, its SQL kept per shape): SQLAlchemy's execution of the
        # outbox rows alone cost more client CPU than the rest of recording a review but its two reads.
        if self._new or (self.db.is_postgres and 0 < len(self._pending) <= _ONE_STATEMENT_OUTBOX_ROWS):
            self.session.flush()  # ORM changes first: a new aggregate's rows may refer to them
            rows = self._outbox_rows(self._pending)
            # each as a scalar subquery: evaluated once for the statement, not once per outbox row
            returning = [f"(SELECT {sql})" for sql in ([_NOTIFY] if rows and self.db.is_postgres else [])
                         + [sql for sql, _ in self._checks]]
            insert = {"then": (self.tables.outbox, rows), "returning": ", ".join(returning),
                      "returning_params": tuple(p for _, params in self._checks for p in params)}
            if (self._with_commit or not self._one_statement) and self.db.is_postgres \
                    and self.session.get_bind().dialect.driver == "psycopg":
                self._write_together(insert_new_statement(self.session, *self._new, **insert))
            else:
                self._write_early()
                insert_new(self.session, *self._new, **insert)
        else:
            self._write_early()
            if self._pending:  # many (a re-evaluation, a scan), batched by SQLAlchemy within PostgreSQL's
                # parameter limit; or SQLite
                self.session.execute(self.tables.outbox_insert(self.db.is_postgres), self._outbox_rows(self._pending))

    def _write_together(self, insert: tuple[str, list]) -> None:
        """The statements of `write_with_commit`, the INSERT of the events and COMMIT (none in one statement,
        which has no transaction): one round trip (a third of recording a review's, before)."""
        run_sql_together(self.session, self._with_commit + [insert]
                         + ([] if self._one_statement else [("COMMIT", ())]))

    def _write_early(self) -> None:
        """The statements of `write_with_commit` one by one."""
        for sql, params in self._with_commit:
            run_sql(self.session, sql, params)

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
        self._pending, self._new, self._checks, self._with_commit = [], [], [], []
        self.session.rollback()

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

