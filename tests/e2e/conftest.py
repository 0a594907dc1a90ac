"""End-to-end fixtures: `start_suite(["complaints", "notifications"])` runs real processes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from suite import Suite  # noqa: E402


@pytest.fixture
def start_suite():
    """Factory: start the named services (API under gunicorn + worker) for one test."""
    started: list[Suite] = []

    def start(services, extra_env: dict | None = None, wrapper: list[str] | None = None) -> Suite:
        suite = Suite(services, extra_env, wrapper)
        started.append(suite)
        return suite.start()

    yield start
    for suite in started:
        suite.stop()
