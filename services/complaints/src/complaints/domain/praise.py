"""Praise from a customer (表扬, 001 §5.8.4): each one adds 0.1 to the year's survey score."""
from __future__ import annotations

import uuid
from datetime import datetime

from qms_shared.domain import Aggregate, FieldErrors

from .survey_events import PraiseReceived
from .validation import MAX_SHORT_TEXT


class Praise(Aggregate):
    """A recorded praise; it never changes after receipt."""

    def __init__(self, *, id: uuid.UUID, customer_id: str, customer_name: str, received_at: datetime,
                 note: str | None, recorded_by: str, recorded_at: datetime):
        self.id = id
        self.customer_id, self.customer_name = customer_id, customer_name
        self.received_at, self.note = received_at, note
        self.recorded_by, self.recorded_at = recorded_by, recorded_at
        self.version, self.events = 1, []

    @classmethod
    def receive(cls, *, id: uuid.UUID, customer_id: str, customer_name: str, by: str, at: datetime,
                received_at: datetime | None = None, note: str | None = None) -> "Praise":
        """Record a praise; it cannot be received after it is recorded."""
        received_at = received_at or at
        errors = FieldErrors()
        errors.text("customer.id", customer_id, max_length=MAX_SHORT_TEXT)
        errors.text("customer.name", customer_name, max_length=MAX_SHORT_TEXT)
        errors.text("note", note, required=False)
        errors.aware("received_at", received_at)
        if received_at.tzinfo is not None and received_at > at:
            errors.add("received_at", "Must not be in the future.")
        errors.raise_if_any("The praise cannot be recorded.")
        praise = cls(id=id, customer_id=customer_id, customer_name=customer_name, received_at=received_at,
                     note=note, recorded_by=by, recorded_at=at)
        praise.record(PraiseReceived(praise_id=id, customer_id=customer_id, customer_name=customer_name,
                                     received_at=received_at, at=at, by=by))
        return praise
