"""Fixtures for the foundation's tests: the notes service on real PostgreSQL and RabbitMQ."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from qms_shared import testing  # noqa: E402

DB_NAME = f"qms_shared_test_{os.getpid()}"  # a developer's run and CI's never share one


@pytest.fixture(scope="session")
def database_url():
    url = testing.fresh_database(DB_NAME)
    import notes_service
    from sqlalchemy import create_engine
    engine = create_engine(url)
    notes_service.metadata.create_all(engine)
    engine.dispose()
    yield url
    testing.drop_database(DB_NAME)


@pytest.fixture
def overrides(database_url):
    return {"database_url": database_url, "retry_delays_ms": (100, 200), "heartbeat": 10,
            "relay_poll_interval": 0.2, **testing.isolated_broker_settings("notes")}


@pytest.fixture
def ctx(overrides):
    import notes_service
    context = notes_service.bootstrap(overrides)
    testing.truncate_all(context.db, notes_service.metadata)
    yield context
    testing.delete_topology(context.config)
    context.db.dispose()
