"""One database per service: a lazily created engine and session factory, plus the messaging tables.

Nothing connects at import or construction time, so gunicorn can fork before any connection exists.
"""
from __future__ import annotations

import json
import threading
import time

import orjson
from sqlalchemy import (
    BigInteger, Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, Text, create_engine,
    event, text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Mapper, Session, attributes, sessionmaker

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigId = BigInteger().with_variant(Integer, "sqlite")
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
    Index("ix_outbox_pending", outbox.c.id, postgresql_where=outbox.c.published_at.is_(None),
          sqlite_where=outbox.c.published_at.is_(None))
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


# A new aggregate keeps its children in plain lists (domain.start_with): appending a child to a new
# contract then fires no ORM event, which was a third of the CPU of building one. The ORM's flush, its
# cascades and its replacing of a collection need the instrumented collection; the two listeners below
# make one whenever the ORM is about to handle such a list.

@event.listens_for(Session, "before_attach")
def _adopt_plain_collections(session: Session, instance) -> None:
    """Hand a new object's plain child lists to the ORM as it joins a session: assigning the list
    through the attribute makes the ORM's collection, with the events a normal assignment fires."""
    state = attributes.instance_state(instance)
    for relationship in state.mapper.relationships:
        value = state.dict.get(relationship.key)
        if type(value) is list:  # an InstrumentedList is a subclass: already the ORM's
            del state.dict[relationship.key]
            setattr(instance, relationship.key, value)


@event.listens_for(Mapper, "mapper_configured")
def _replaceable_plain_collections(mapper: Mapper, class_) -> None:
    """Let a new object's plain child list be replaced by assignment (`contract.lines = [...]`): the ORM
    copies the collection it replaces, which a plain list cannot give it. The plain list is forgotten
    first; it was never the ORM's, so there is nothing to undo."""
    for relationship in mapper.relationships:
        if relationship.uselist:
            event.listen(relationship.class_attribute, "bulk_replace", _forget_plain_list(relationship.key))


def _forget_plain_list(key: str):
    def forget(target, values, initiator, keys=None) -> None:
        state_dict = attributes.instance_dict(target)
        if type(state_dict.get(key)) is list:
            del state_dict[key]
    return forget


class Database:
    """The service's database: engine and sessions made on first use, per process."""

    def __init__(self, url: str, *, pool_size: int = 5, echo: bool = False, ping_after_idle: float = 1.0):
        self.url = normalise_url(url)
        self._pool_size = pool_size
        self._ping_after_idle = ping_after_idle
        self._echo = echo
        self._engine: Engine | None = None
        self._sessions: sessionmaker | None = None
        self._autocommit_engine: Engine | None = None
        self._autocommit_sessions: sessionmaker | None = None
        self._lock = threading.Lock()

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgresql")

    @property
    def engine(self) -> Engine:
        """The engine, created on first use (never before gunicorn forks)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = self._create_engine()
        return self._engine

    @property
    def autocommit_engine(self) -> Engine:
        """An engine of its own whose connections run every statement in its own transaction (PostgreSQL).

        Its own pool, so its connections are switched to autocommit once, when they connect: setting
        the isolation level on a connection of the main pool for one use, and back on its return,
        costs more client CPU than the BEGIN and COMMIT it saves. Made on first use, like `engine`.
        """
        if not self.is_postgres:
            return self.engine
        if self._autocommit_engine is None:
            with self._lock:
                if self._autocommit_engine is None:
                    self._autocommit_engine = self._create_engine(isolation_level="AUTOCOMMIT")
        return self._autocommit_engine

    def _create_engine(self, **options) -> Engine:
        if self.url.startswith("sqlite"):
            engine = create_engine(self.url, echo=self._echo, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        engine = create_engine(self.url, echo=self._echo, pool_size=self._pool_size, max_overflow=10,
                               pool_recycle=1800, json_serializer=json_column_text,
                               json_deserializer=json_column_value, **options)
        _ping_idle_connections(engine, self._ping_after_idle)
        return engine

    def session(self, *, autocommit: bool = False) -> Session:
        """A new ORM session (expire_on_commit off: handlers read what they just wrote); with `autocommit`,
        on `autocommit_engine` (each statement commits by itself)."""
        if autocommit:
            if self._autocommit_sessions is None:
                self._autocommit_sessions = sessionmaker(bind=self.autocommit_engine, expire_on_commit=False)
            return self._autocommit_sessions()
        if self._sessions is None:
            self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        return self._sessions()

    def ping(self) -> None:
        """Raise when the database cannot be reached."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        """Close every pooled connection (after fork, on shutdown)."""
        for engine in (self._engine, self._autocommit_engine):
            if engine is not None:
                engine.dispose()


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


def _sqlite_pragmas(dbapi_conn, _record):
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
