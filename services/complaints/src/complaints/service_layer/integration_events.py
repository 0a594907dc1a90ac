"""Domain events to the wire: each becomes a catalogued integration event, built explicitly."""
from __future__ import annotations

from ..domain.skeleton import Complaint, ComplaintReceived


def _received(complaint: Complaint, _event: ComplaintReceived) -> tuple[str, dict]:
    return "complaints.complaint.received", {
        "number": complaint.number,
        "customer": {"id": complaint.customer_id, "name": complaint.customer_name},
        "category": complaint.category,
        "owner_department": complaint.owner_department,
        "status": complaint.status,
        "received_at": complaint.received_at,
    }


BUILDERS = {ComplaintReceived: _received}


def publish(uow, complaint: Complaint) -> None:
    """Queue the integration events of everything the complaint recorded."""
    for event in complaint.pull_events():
        event_type, data = BUILDERS[type(event)](complaint, event)
        uow.publish(event_type, complaint.id, data)
