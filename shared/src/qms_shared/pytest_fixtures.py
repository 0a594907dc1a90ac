"""The fixtures every service's tests use, made once: `globals().update(service_fixtures("reviews"))`.

- `database_url`: a fresh PostgreSQL database for the session (named with the process id, so a
  developer's run and CI's never share one), dropped afterwards;
- `overrides`: config pointing at it, with isolated broker names and events checked against the catalogue;
- `ctx`: the bootstrapped service on an empty, migrated database; `app`, `client`;
- `auth(*roles, **claims)`: an Authorization header (`default_role` when no role is given).
"""
from __future__ import annotations

import importlib
import os

import pytest

from . import testing
from .migrations import upgrade


def service_fixtures(package: str, default_role: str = "quality") -> dict:
    """The fixtures of `package`, to be placed in its tests' conftest namespace."""
    db_name = f"qms_{package}_test_{os.getpid()}"

    @pytest.fixture(scope="session")
    def database_url():
        url = testing.fresh_database(db_name)
        yield url
        testing.drop_database(db_name)

    @pytest.fixture
    def overrides(database_url):
        return {"database_url": database_url, "validate_events": True,
                "retry_delays_ms": (100, 200), **testing.isolated_broker_settings(package)}

    @pytest.fixture
    def ctx(overrides):
        metadata = importlib.import_module(f"{package}.adapters.orm").metadata
        context = importlib.import_module(f"{package}.bootstrap").bootstrap(overrides)
        upgrade(context.db, package)
        testing.truncate_all(context.db, metadata)
        yield context
        context.db.dispose()

    @pytest.fixture
    def app(ctx, overrides):
        application = importlib.import_module(f"{package}.entrypoints.app").create_app(overrides)
        application.config["TESTING"] = True
        yield application
        application.extensions["qms"].db.dispose()

    @pytest.fixture
    def client(app):
        return app.test_client()

    @pytest.fixture
    def auth(ctx):
        def make(*roles, **claims):
            return testing.bearer(ctx.config, list(roles) or [default_role], **claims)
        return make

    return {"database_url": database_url, "overrides": overrides, "ctx": ctx, "app": app,
            "client": client, "auth": auth}
