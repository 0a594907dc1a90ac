"""The customer archive's domain events to the wire (`complaints.customer.*`): each carries `id` and `name`
(what the reviews service keeps of an existing customer), never contact data."""
from __future__ import annotations

from ..domain import customer_events as ce

_EVENTS = {
    ce.CustomerRegistered: ("complaints.customer.created", lambda e: {
        "source": e.source, "to_complete": e.to_complete, "grade": e.grade}),
    ce.CustomerUpdated: ("complaints.customer.updated", lambda e: {"fields": e.fields, "to_complete": e.to_complete}),
    ce.GradeChanged: ("complaints.customer.grade_changed", lambda e: {
        "grade": e.grade, "previous_grade": e.previous_grade, "reason": e.reason}),
    ce.PurchasesRecorded: ("complaints.customer.purchases_recorded", lambda e: {
        "year": e.year, "quantity": e.quantity, "unit": e.unit, "revenue": e.revenue}),
    ce.VisitRecorded: ("complaints.customer.visit_recorded", lambda e: {
        "visited_on": e.visited_on, "channel": e.channel, "next_visit_due_on": e.next_visit_due_on}),
    ce.VisitOverdue: ("complaints.customer.visit_overdue", lambda e: {
        "due_on": e.due_on, "escalation": e.escalation, "escalation_level": e.escalation_level,
        "escalation_department": e.escalation_department, "account_manager": e.account_manager,
        "deputy": e.deputy}),
}


def publish_customer(uow, customer) -> list:
    """Queue the integration events of what the customer recorded; returns the domain events."""
    recorded = customer.pull_events()
    for event in recorded:
        event_type, build = _EVENTS[type(event)]
        uow.publish(event_type, event.customer_id, {"id": event.customer_id, "name": event.name, "at": event.at,
                                                    "by": event.by, **build(event)})
    return recorded
