"""Handlers of the register: regulations, customer requirements, interested-party records."""
from __future__ import annotations

from qms_shared.domain import Conflict

from ..domain import commands as c
from ..domain.interested_party import InterestedPartyRecord
from ..domain.regulation import EVALUATION_FIELDS, Regulation
from ..domain.requirement import CustomerRequirement
from . import integration_events
from .dependencies import Dependencies
from .evaluating import reevaluate_products
from .loading import check_version, get_or_404
from .results import Impact, WithImpact


def publish_regulation(cmd: c.PublishRegulation, *, uow, deps: Dependencies) -> WithImpact:
    """Enter a regulation and evaluate every product against it."""
    with uow:
        if uow.regulations.by_code(cmd.fields.get("code", "").strip()) is not None:
            raise Conflict(f"a regulation with code {cmd.fields['code']!r} is already registered")
        regulation = Regulation.publish(**cmd.fields, at=cmd.at)
        uow.regulations.add(regulation)
        integration_events.publish(uow, regulation)
        report, report_id = reevaluate_products(uow, deps, at=cmd.at, trigger=f"regulation:{regulation.code}")
        uow.commit()
        return WithImpact(regulation, Impact.of(report, report_id))


def revise_regulation(cmd: c.ReviseRegulation, *, uow, deps: Dependencies) -> WithImpact:
    """Change a regulation; re-evaluate every product when the change can move a verdict."""
    with uow:
        regulation = get_or_404(uow.regulations, cmd.regulation_id, "regulation")
        check_version(regulation, cmd.expected_version)
        changed = regulation.revise(cmd.changes, cmd.at)
        integration_events.publish(uow, regulation)
        impact = None
        if EVALUATION_FIELDS & set(changed):
            report, report_id = reevaluate_products(uow, deps, at=cmd.at, trigger=f"regulation:{regulation.code}")
            impact = Impact.of(report, report_id)
        if changed:
            uow.commit()
        return WithImpact(regulation, impact)


def review_regulation(cmd: c.ReviewRegulation, *, uow, deps: Dependencies) -> WithImpact:
    """Record the review; one that updates the exemptions re-evaluates every product."""
    with uow:
        regulation = get_or_404(uow.regulations, cmd.regulation_id, "regulation")
        check_version(regulation, cmd.expected_version)
        changed = regulation.review(cmd.reviewed_on, cmd.actor.id, cmd.at, note=cmd.note, exemptions=cmd.exemptions)
        integration_events.publish(uow, regulation)
        impact = None
        if changed:
            report, report_id = reevaluate_products(uow, deps, at=cmd.at, trigger=f"regulation:{regulation.code}")
            impact = Impact.of(report, report_id)
        uow.commit()
        return WithImpact(regulation, impact)


def identify_requirement(cmd: c.IdentifyRequirement, *, uow, deps: Dependencies) -> WithImpact:
    """Record a customer requirement; one with limits re-evaluates that customer's products."""
    with uow:
        requirement = CustomerRequirement.identify(number=uow.next_number("CSR", cmd.at.year), at=cmd.at,
                                                   by=cmd.actor.id, **cmd.fields)
        uow.requirements.add(requirement)
        integration_events.publish(uow, requirement)
        impact = _reevaluate_customer(uow, deps, requirement, cmd.at) if requirement.limits else None
        uow.commit()
        return WithImpact(requirement, impact)


def revise_requirement(cmd: c.ReviseRequirement, *, uow, deps: Dependencies) -> WithImpact:
    """Change a requirement's content and/or status; limit changes re-evaluate the customer's products."""
    with uow:
        requirement = get_or_404(uow.requirements, cmd.requirement_id, "customer requirement")
        check_version(requirement, cmd.expected_version)
        changed = requirement.revise(cmd.changes, at=cmd.at, by=cmd.actor.id) if cmd.changes else []
        if cmd.status is not None and cmd.status != requirement.status:
            requirement.advance(cmd.status, at=cmd.at, by=cmd.actor.id, note=cmd.note)
            changed.append("status")
        integration_events.publish(uow, requirement)
        impact = _reevaluate_customer(uow, deps, requirement, cmd.at) if "limits" in changed else None
        if changed:
            uow.commit()
        return WithImpact(requirement, impact)


def log_record(cmd: c.LogInterestedPartyRecord, *, uow, deps: Dependencies) -> InterestedPartyRecord:
    """Log an interested party's requirement, complaint or penalty."""
    with uow:
        record = InterestedPartyRecord.log(**cmd.fields, at=cmd.at)
        uow.interested_parties.add(record)
        integration_events.publish(uow, record)
        uow.commit()
        return record


def close_record(cmd: c.CloseInterestedPartyRecord, *, uow, deps: Dependencies) -> InterestedPartyRecord:
    """Record the response and close the entry."""
    with uow:
        record = get_or_404(uow.interested_parties, cmd.record_id, "interested-party record")
        check_version(record, cmd.expected_version)
        record.close(response=cmd.response, by=cmd.actor.id, at=cmd.at)
        integration_events.publish(uow, record)
        uow.commit()
        return record


def _reevaluate_customer(uow, deps: Dependencies, requirement: CustomerRequirement, at) -> Impact:
    customer = requirement.customer_id
    report, report_id = reevaluate_products(uow, deps, at=at, trigger=f"requirement:{requirement.number}",
                                            scope=lambda facts: customer in facts.customer_ids)
    return Impact.of(report, report_id)


HANDLERS = {
    c.PublishRegulation: publish_regulation, c.ReviseRegulation: revise_regulation,
    c.ReviewRegulation: review_regulation, c.IdentifyRequirement: identify_requirement,
    c.ReviseRequirement: revise_requirement, c.LogInterestedPartyRecord: log_record,
    c.CloseInterestedPartyRecord: close_record,
}
