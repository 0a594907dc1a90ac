"""Integration fixtures: the complaints API on real PostgreSQL with a clock the test moves."""
from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

# --import-mode=importlib puts no test folder on sys.path: add ours for the helpers.
sys.path.insert(0, str(Path(__file__).parent))

CST = timezone(timedelta(hours=8))


class Clock:
    """A settable clock: `now` is what the service believes the time is."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=CST))  # a Monday


@pytest.fixture
def api(ctx, overrides, clock):
    from complaints.entrypoints.app import create_app
    application = create_app(overrides, clock=clock)
    application.config["TESTING"] = True
    yield application.test_client()
    application.extensions["qms"].db.dispose()
