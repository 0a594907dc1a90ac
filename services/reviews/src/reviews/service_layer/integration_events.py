"""Domain events to the wire: each becomes a catalogued integration event, built explicitly."""
from __future__ import annotations

from dataclasses import asdict

from ..domain import events as ev

CONTRACT_BASE = ("contract_id", "number", "customer_name", "salesperson", "revision")

# event class -> (type, the event's own fields that go into `data`)
CONTRACT_EVENTS = {
    ev.ContractSubmitted: ("reviews.contract.submitted", ("type", "type_reasons", "required_departments", "source")),
    ev.ReviewRequested: ("reviews.review.requested", ("departments", "due_at")),
    ev.ReviewRecorded: ("reviews.review.recorded",
                        ("department", "opinion", "comment", "reviewer", "delivery_date", "delivery_late")),
    ev.ReviewOverdue: ("reviews.review.overdue", ("department", "due_at")),
    ev.ContractReadyForDecision: ("reviews.contract.ready_for_decision", ("decider", "rejected_by", "blockers")),
    ev.ProductionOrderIssued: ("reviews.production_order.issued",
                               ("production_order_number", "lines", "delivery_date")),
    ev.ContractAmended: ("reviews.contract.amended", ("reason", "changed", "re_review_departments", "type")),
    ev.OralOrderConfirmed: ("reviews.contract.confirmed", ("confirmed_by",)),
    ev.ComplianceHoldPlaced: ("reviews.compliance_hold.placed", ("product_codes",)),
    ev.ComplianceHoldLifted: ("reviews.compliance_hold.lifted", ("waived",)),
    ev.ComplianceWaived: ("reviews.compliance_hold.waived", ("reason", "product_codes", "waived_by")),
    ev.ChecklistItemAcknowledged: ("reviews.checklist_item.acknowledged",
                                   ("item_id", "requirement_id", "acknowledged_by")),
}
# the types whose data changed since version 1 (a consumer tells the versions apart by the envelope's `version`)
VERSIONS = {"reviews.review.requested": 2}  # 2: one event names every department asked, not one event each
DECIDED = {"accepted": "reviews.contract.accepted", "needs_customer": "reviews.contract.referred_to_customer",
           "rejected": "reviews.contract.rejected"}
REGISTER_EVENTS = {
    ev.SampleSent: ("reviews.sample.sent", "sample_id"),
    ev.SampleResultRecorded: ("reviews.sample.result_recorded", "sample_id"),
    ev.CustomerPropertyReceived: ("reviews.customer_property.received", "property_id"),
    ev.CustomerPropertyIssueReported: ("reviews.customer_property.issue_reported", "property_id"),
}


def contract_event(contract, event, about: tuple[dict, dict]) -> tuple[str, dict]:
    """The wire type and data of a contract's domain event (`about`: `_about(contract)`)."""
    head, tail = about
    data = {**head, "revision": event.revision, **tail}
    if isinstance(event, ev.ContractDecided):
        return DECIDED[event.outcome], {**data, "outcome": event.outcome, "reason": event.reason,
                                        "decided_by": event.decided_by,
                                        "overruled_departments": event.overruled_departments}
    event_type, names = CONTRACT_EVENTS[type(event)]
    return event_type, {**data, **{name: getattr(event, name) for name in names}}


def publish_contract(uow, contract) -> None:
    """Queue the integration events of everything the contract recorded."""
    events = contract.pull_events()
    if not events:
        return
    subject, about = str(contract.id), _about(contract)  # what every event says of the contract, read once
    for event in events:
        event_type, data = contract_event(contract, event, about)
        uow.publish(event_type, subject, data, version=VERSIONS.get(event_type, 1))


def _about(contract) -> tuple[dict, dict]:
    """What every event's data says of the contract: the fields before the event's revision, and after it."""
    return ({"number": contract.number, "customer": {"id": contract.customer_id, "name": contract.customer_name},
             "salesperson": contract.salesperson}, {"status": contract.status, "type": contract.type})


def publish_register(uow, item) -> None:
    """Queue the integration events of a sample or customer-property entry."""
    for event in item.pull_events():
        event_type, subject = REGISTER_EVENTS[type(event)]
        data = asdict(event)
        uow.publish(event_type, data.pop(subject), data)
