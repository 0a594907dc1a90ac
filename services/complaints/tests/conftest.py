"""Fixtures: a real PostgreSQL database and isolated RabbitMQ names for the complaints service."""
from __future__ import annotations

import os

import pytest

from qms_shared import testing
from qms_shared.migrations import upgrade

DB_NAME = f"qms_complaints_test_{os.getpid()}"  # runs side by side (a developer and CI) never share one


@pytest.fixture(scope="session")
def database_url():
    url = testing.fresh_database(DB_NAME)
    yield url
    testing.drop_database(DB_NAME)


@pytest.fixture
def overrides(database_url):
    return {"database_url": database_url, "validate_events": True,
            "retry_delays_ms": (100, 200), **testing.isolated_broker_settings()}


@pytest.fixture
def ctx(overrides):
    from complaints.adapters.orm import metadata
    from complaints.bootstrap import bootstrap
    context = bootstrap(overrides)
    upgrade(context.db, "complaints")
    testing.truncate_all(context.db, metadata)
    yield context
    context.db.dispose()


@pytest.fixture
def app(ctx, overrides):
    from complaints.entrypoints.app import create_app
    application = create_app(overrides)
    application.config["TESTING"] = True
    yield application
    application.extensions["qms"].db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(ctx):
    def make(*roles, **claims):
        return testing.bearer(ctx.config, list(roles) or ["quality"], **claims)
    return make
