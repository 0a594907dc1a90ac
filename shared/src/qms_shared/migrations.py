"""Alembic migrations per service, applied on start under a lock so API and worker never race."""
from __future__ import annotations

import logging
import zlib
from importlib import resources

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import text

from .db import Database

log = logging.getLogger(__name__)


def alembic_config(package: str, url: str) -> AlembicConfig:
    """Alembic config for the `migrations` folder shipped inside `package`."""
    script_location = str(resources.files(package).joinpath("migrations"))
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", script_location)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(db: Database, package: str, revision: str = "heads") -> None:
    """Bring the database to `revision`; concurrent callers (API and worker) wait for each other."""
    cfg = alembic_config(package, db.url)
    key = zlib.crc32(f"qms-migrate-{package}".encode())
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()
    log.info("migrations applied", extra={"package": package, "revision": revision})


def run_env(metadata) -> None:
    """Body of a service's `migrations/env.py`: online migrations on the given or configured URL."""
    from alembic import context
    from sqlalchemy import create_engine, pool

    cfg = context.config
    connection = cfg.attributes.get("connection")
    if connection is not None:
        _run(context, connection, metadata)
        return
    engine = create_engine(cfg.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(context, conn, metadata)
        conn.commit()


def _run(context, connection, metadata) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def create_messaging_tables_v1() -> None:
    """The outbox, inbox, idempotency-key and number tables as every service's first migration made them.

    Frozen with the migrations that call it: a later change to these tables is a new migration of each
    service, never an edit here.
    """
    from alembic import op
    import sqlalchemy as sa
    op.create_table(
        'idempotency_keys',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('principal', sa.String(length=200), nullable=False),
        sa.Column('endpoint', sa.String(length=300), nullable=False),
        sa.Column('request_hash', sa.String(length=64), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=False),
        sa.Column('response_body', sa.Text(), nullable=False),
        sa.Column('location', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', 'principal', 'endpoint', name=op.f('pk_idempotency_keys')))
    op.create_table(
        'inbox',
        sa.Column('event_id', sa.String(length=36), nullable=False),
        sa.Column('event_type', sa.String(length=200), nullable=False),
        sa.Column('processed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_inbox')))
    op.create_table(
        'number_sequences',
        sa.Column('prefix', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_number_sequences')))
    op.create_table(
        'outbox',
        sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column('event_id', sa.String(length=36), nullable=False),
        sa.Column('event_type', sa.String(length=200), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('unroutable', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
        sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_id')))
    op.create_index('ix_outbox_pending', 'outbox', ['id'], unique=False,
                    postgresql_where=sa.text('published_at IS NULL'))


def drop_messaging_tables_v1() -> None:
    """Undo `create_messaging_tables_v1`."""
    from alembic import op
    op.drop_index('ix_outbox_pending', table_name='outbox')
    for table in ('outbox', 'number_sequences', 'inbox', 'idempotency_keys'):
        op.drop_table(table)
