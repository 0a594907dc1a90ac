"""One PostgreSQL database per service: a lazily created engine and session factory, plus the messaging tables.

Nothing connects at import or construction time, so gunicorn can fork before any connection exists.
"""
from __future__ import annotations

import json
import threading
import time

import orjson
from sqlalchemy import (
    BigInteger, Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, Text, bindparam, create_engine,
    event, func, select, text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigId = BigInteger()
# Types orjson would write but json.dumps refuses: left to json.dumps, which refuses them as it always did.
_JSON_COLUMN_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain `postgresql://` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def new_metadata() -> MetaData:
    """A service's MetaData with the naming convention Alembic needs, and the messaging tables."""
    metadata = MetaData(naming_convention=NAMING)
    define_messaging_tables(metadata)
    return metadata


def define_messaging_tables(metadata: MetaData) -> None:
    """Outbox (events to publish), inbox (events applied), number sequences and idempotency keys."""
    outbox = Table(
        "outbox", metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text),
        Column("unroutable", Boolean, nullable=False, default=False),
    )
    Index("ix_outbox_pending", outbox.c.id, postgresql_where=outbox.c.published_at.is_(None))
    Table(
        "inbox", metadata,
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )
    Table(
        "number_sequences", metadata,
        Column("prefix", String(20), primary_key=True),
        Column("year", Integer, primary_key=True),
        Column("value", Integer, nullable=False),
    )
    Table(
        "idempotency_keys", metadata,
        Column("key", String(200), primary_key=True),
        Column("principal", String(200), primary_key=True),
        Column("endpoint", String(300), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response_body", Text, nullable=False),
        Column("location", String(500)),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )


class NotPostgres(ValueError):
    """A database URL that is not PostgreSQL's: the suite runs on PostgreSQL only."""


class Database:
    """The service's PostgreSQL database: engine and sessions made on first use, per process."""

    def __init__(self, url: str, *, pool_size: int = 5, echo: bool = False, ping_after_idle: float = 1.0):
        self.url = normalise_url(url)
        if not self.url.startswith("postgresql"):
            raise NotPostgres(f"DATABASE_URL must be a PostgreSQL URL (postgresql://user:pw@host/db), not {url!r}")
        self._pool_size = pool_size
        self._ping_after_idle = ping_after_idle
        self._echo = echo
        self._engine: Engine | None = None
        self._sessions: sessionmaker | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The engine, created on first use (never before gunicorn forks)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = create_engine(
                        self.url, echo=self._echo, pool_size=self._pool_size, max_overflow=10, pool_recycle=1800,
                        json_serializer=json_column_text, json_deserializer=json_column_value)
                    _ping_idle_connections(self._engine, self._ping_after_idle)
        return self._engine

    def session(self) -> Session:
        """A new ORM session (expire_on_commit off: handlers read what they just wrote)."""
        if self._sessions is None:
            self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        return self._sessions()

    def ping(self) -> None:
        """Raise when the database cannot be reached."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        """Close every pooled connection (after fork, on shutdown)."""
        if self._engine is not None:
            self._engine.dispose()


def advisory_xact_lock(session: Session, *key: str) -> None:
    """Hold a transaction-scoped advisory lock named by `key` until the session's transaction ends.

    For a repository method whose read must stay true until its change commits (a batch's returns,
    a customer's deliveries): two transactions locking the same key run one after the other.
    """
    advisory_xact_locks(session, ["\x1f".join(key)])


def advisory_xact_locks(session: Session, keys: list[str], *, shared: bool = False) -> None:
    """Hold advisory locks on `keys`, in one statement, until the transaction ends; `shared` ones exclude
    only exclusive ones. Callers give keys in one global order, so two transactions never wait crosswise."""
    if keys:
        session.execute(_TAKE_LOCKS[shared], {"keys": list(keys)}).all()


def _locks_statement(take):
    # unnest keeps the array's order, and PostgreSQL evaluates the volatile lock function after ORDER BY
    keys = func.unnest(bindparam("keys", type_=ARRAY(Text))).table_valued("key", with_ordinality="n").render_derived()
    return select(take(func.hashtextextended(keys.c.key, 0))).select_from(keys).order_by(keys.c.n)


_TAKE_LOCKS = {True: _locks_statement(func.pg_advisory_xact_lock_shared),
               False: _locks_statement(func.pg_advisory_xact_lock)}


def json_column_text(value) -> bytes | str:
    """A JSON column's value as psycopg sends it to PostgreSQL: orjson's UTF-8 (the standard library's
    encoder took a fiftieth of a contract submission's CPU for its five JSON columns), or json.dumps's
    text where orjson refuses (an integer beyond 64 bits, a date): what json.dumps refused, it still does."""
    try:
        return orjson.dumps(value, option=_JSON_COLUMN_OPTIONS)
    except orjson.JSONEncodeError:
        return json.dumps(value)


def json_column_value(data: bytes | str):
    """A JSON column's value as PostgreSQL sent it: orjson's parse, or json.loads's where orjson refuses
    (an integer beyond 64 bits, which json.loads keeps exact)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def _ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before use when it sat idle longer than `idle_seconds`.

    Like `pool_pre_ping`, a database restart or a dropped connection costs no request: a connection
    that fails its ping is replaced. Unlike it, a connection handed back moments ago (the norm under
    load) is not pinged again: that ping was a round trip on every request. Should the server go away
    within that moment, the failing statement makes SQLAlchemy replace the whole pool.
    """

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, record, _proxy):
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool discards this connection and checks out another
            raise DisconnectionError("a pooled connection failed its ping") from exc
