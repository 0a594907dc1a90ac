"""Tables of the notifications database and their mapping."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table
from sqlalchemy.orm import registry

from qms_shared.db import new_metadata

from ..domain.skeleton import ReceivedEvent

metadata = new_metadata()
mapper_registry = registry(metadata=metadata)

received_events = Table(
    "received_events", metadata,
    Column("event_id", String(36), primary_key=True),
    Column("type", String(200), nullable=False, index=True),
    Column("source", String(50), nullable=False),
    Column("subject", String(100), nullable=False),
    Column("correlation_id", String(100), nullable=False),
    Column("occurred_at", String(40), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

_mapped = False


def start_mappers() -> None:
    """Map the domain classes once per process."""
    global _mapped
    if _mapped:
        return
    mapper_registry.map_imperatively(ReceivedEvent, received_events)
    _mapped = True
