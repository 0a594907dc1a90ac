"""Command handlers: load through the unit of work, let the aggregate decide, commit with events."""
from __future__ import annotations

from ..domain.skeleton import Complaint, ReceiveComplaint
from . import integration_events


def receive_complaint(cmd: ReceiveComplaint, *, uow) -> Complaint:
    """Record a new complaint and announce it."""
    with uow:
        number = uow.next_number("CP", cmd.received_at.year)
        complaint = Complaint(number=number, customer_id=cmd.customer_id, customer_name=cmd.customer_name,
                              category=cmd.category, description=cmd.description,
                              received_at=cmd.received_at)
        uow.complaints.add(complaint)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


HANDLERS = {ReceiveComplaint: receive_complaint}
