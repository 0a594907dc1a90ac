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
