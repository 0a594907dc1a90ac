"""A tiny service built on the foundation, for testing the backbone itself (not a product service).

Its one handler writes a `notes` row per event, without any uniqueness of its own, so a duplicate
application would show as two rows. Run as a script, it is a worker process configured by env.
"""
from __future__ import annotations

import os
import sys
import time
from functools import partial

from sqlalchemy import Column, DateTime, Integer, String, Table, func, insert, select, text

from qms_shared.bootstrap import MessageBus, ServiceContext
from qms_shared.config import Config
from qms_shared.db import Database, new_metadata
from qms_shared.uow import MessagingTables, SqlUnitOfWork

metadata = new_metadata()
notes = Table("notes", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
              Column("event_id", String(36), nullable=False), Column("text", String(200)),
              Column("applied_at", DateTime(timezone=True), server_default=text("clock_timestamp()")))
failures = Table("failures", metadata, Column("event_id", String(36), primary_key=True),
                 Column("count", Integer, nullable=False))


def handle_note(env: dict, uow) -> None:
    """Apply a test event: write a note, sleep first, or fail as the event asks."""
    data = env["data"]
    action = data.get("action", "note")
    if action == "sleep":
        time.sleep(float(data["seconds"]))
    if action == "fail":
        raise RuntimeError("handler told to fail")
    if action == "fail_times":
        count = _count_failure(uow, env["id"])
        if count <= int(data["times"]):
            raise RuntimeError(f"failure {count}")
    uow.session.execute(insert(notes).values(event_id=env["id"], text=data.get("text")))
    if data.get("publish"):
        uow.publish(data["publish"], env["subject"], {"echo": data.get("text")})
    if action == "fail_after_writing":
        raise RuntimeError("failed after writing a note and queueing an event")


def _count_failure(uow, event_id: str) -> int:
    # recorded outside the handler's transaction, which rolls back on failure
    with uow.db.engine.begin() as conn:
        row = conn.execute(select(failures.c.count).where(failures.c.event_id == event_id)).scalar()
        if row is None:
            conn.execute(insert(failures).values(event_id=event_id, count=1))
            return 1
        conn.execute(failures.update().where(failures.c.event_id == event_id).values(count=row + 1))
        return row + 1


def bootstrap(overrides: dict | None = None) -> ServiceContext:
    """The notes service wired on the shared foundation."""
    config = Config(service="notes").with_overrides(overrides)
    db = Database(config.database_url)
    tables = MessagingTables(metadata)
    uow_factory = partial(SqlUnitOfWork, db, config, tables)
    return ServiceContext(package="notes", config=config, db=db, tables=tables, uow_factory=uow_factory,
                          bus=MessageBus(uow_factory, {}), event_handlers={"test.note.*": handle_note})


def count_notes(db, event_id: str | None = None) -> int:
    """How many notes (for one event, or all)."""
    query = select(func.count()).select_from(notes)
    if event_id:
        query = query.where(notes.c.event_id == event_id)
    with db.engine.connect() as conn:
        return conn.execute(query).scalar_one()


if __name__ == "__main__":
    from qms_shared.worker import Worker
    overrides = {"database_url": os.environ["DATABASE_URL"], "broker_url": os.environ["BROKER_URL"],
                 "exchange": os.environ["QMS_EXCHANGE"], "queue_prefix": os.environ["QMS_QUEUE_PREFIX"]}
    Worker(bootstrap(overrides)).run_forever()
    sys.exit(0)
