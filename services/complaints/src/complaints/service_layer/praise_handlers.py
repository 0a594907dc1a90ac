"""Praise handlers: a customer's praise, which lifts the year's satisfaction score."""
from __future__ import annotations

import uuid

from ..domain.commands import RecordPraise
from ..domain.praise import Praise
from . import integration_events
from .customer_handlers import note_customers


def record_praise(cmd: RecordPraise, *, uow, deps) -> Praise:
    """Record a praise (it lifts the year's survey score)."""
    with uow:
        praise = Praise.receive(id=uuid.uuid4(), customer_id=cmd.customer_id, customer_name=cmd.customer_name,
                                received_at=cmd.received_at, note=cmd.note, by=cmd.actor.label, at=deps.clock())
        uow.praises.add(praise)
        note_customers(uow, [(praise.customer_id, praise.customer_name)], source="praise", by=cmd.actor.label,
                       at=praise.recorded_at)
        integration_events.publish(uow, praise)
        uow.commit()
        return praise
