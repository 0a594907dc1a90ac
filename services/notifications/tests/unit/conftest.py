"""Builders for the notifications unit tests (no I/O)."""
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from notifications.domain.recipient import Recipient

# The suite runs with --import-mode=importlib, which puts no test folder on sys.path: add ours for the fakes.
sys.path.insert(0, str(Path(__file__).parent))

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def person():
    """Factory of valid recipients; keyword arguments override the defaults."""
    def build(name="Li Wei", **overrides):
        fields = dict(id=uuid.uuid4(), name=name, at=T0, email=f"{name.lower().replace(' ', '.')}@example.com")
        fields.update(overrides)
        return Recipient(**fields)
    return build
