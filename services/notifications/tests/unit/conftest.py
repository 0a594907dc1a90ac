"""Builders for the notifications domain's unit tests."""
import uuid
from datetime import datetime, timezone

import pytest

from notifications.domain.recipient import Recipient

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def person():
    """Factory of valid recipients; keyword arguments override the defaults."""
    def build(name="Li Wei", **overrides):
        fields = dict(id=uuid.uuid4(), name=name, at=T0, email=f"{name.lower().replace(' ', '.')}@example.com")
        fields.update(overrides)
        return Recipient(**fields)
    return build
