"""The lead's minimal record of a received event, for the first crossing event."""
from __future__ import annotations

from datetime import datetime


class ReceivedEvent:
    """An event from another service, as notifications received it (once per event id)."""

    def __init__(self, *, event_id: str, type: str, source: str, subject: str, correlation_id: str,
                 occurred_at: str, received_at: datetime):
        self.event_id = event_id
        self.type = type
        self.source = source
        self.subject = subject
        self.correlation_id = correlation_id
        self.occurred_at = occurred_at
        self.received_at = received_at
