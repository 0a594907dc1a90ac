"""The correlation and causation ids of the work in progress, carried into logs and events."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

_correlation: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_causation: ContextVar[str | None] = ContextVar("causation_id", default=None)


def correlation_id() -> str:
    """The current correlation id, made up if nothing set one."""
    value = _correlation.get()
    if value is None:
        value = str(uuid.uuid4())
        _correlation.set(value)
    return value


def causation_id() -> str | None:
    """The id of the event being handled, if any."""
    return _causation.get()


@contextmanager
def correlated(correlation: str | None, causation: str | None = None):
    """Run a block with the given ids (a new correlation id when none is given)."""
    t1 = _correlation.set(correlation or str(uuid.uuid4()))
    t2 = _causation.set(causation)
    try:
        yield
    finally:
        _correlation.reset(t1)
        _causation.reset(t2)


def set_correlation(correlation: str | None, causation: str | None = None) -> None:
    """Set the ids for the rest of this context (an HTTP request)."""
    _correlation.set(correlation or str(uuid.uuid4()))
    _causation.set(causation)
