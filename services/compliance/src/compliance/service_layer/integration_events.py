"""Domain events to the wire: each becomes a catalogued integration event, built explicitly."""
from __future__ import annotations

from typing import Any, Callable

from ..domain import events as ev
from ..domain.catalogue import SubstanceGroup
from ..domain.evaluation import DATA_MISSING, Evaluation, Reason
from ..domain.interested_party import InterestedPartyRecord
from ..domain.nonconformance import Nonconformance
from ..domain.product import Product
from ..domain.regulation import Regulation
from ..domain.requirement import CustomerRequirement


def _regulation(reg: Regulation, event) -> dict[str, Any]:
    data = {"code": reg.code, "title": reg.title, "jurisdiction": reg.jurisdiction,
            "version": reg.document_version, "effective_date": reg.effective_date, "status": reg.status,
            "last_reviewed_on": reg.last_reviewed_on, "family": reg.family_code,
            "limits": [{"cas": x.cas, "substance": x.substance, "max_ppm": x.max_ppm} for x in reg.limits]}
    if isinstance(event, ev.RegulationChanged):
        data["changed"] = list(event.changed)
    if isinstance(event, ev.RegulationReviewed) and event.note:
        data["note"] = event.note
    return data


def _group(group: SubstanceGroup, event) -> dict[str, Any]:
    data = {"code": group.code, "name": group.name, "cas": group.cas, "element": group.element,
            "members": [{"cas": m.cas, "name": m.name, "fraction": m.fraction} for m in group.members]}
    if isinstance(event, ev.SubstanceGroupChanged):
        data["changed"] = list(event.changed)
    return data


def _requirement(req: CustomerRequirement, event) -> dict[str, Any]:
    data = {"number": req.number, "customer": {"id": req.customer_id, "name": req.customer_name},
            "category": req.category, "text": req.text, "source_document": req.source_document,
            "status": req.status,
            "limits": [{"cas": x.cas, "substance": x.substance, "max_ppm": x.max_ppm} for x in req.limits]}
    if isinstance(event, ev.CustomerRequirementChanged):
        data["changed"] = list(event.changed)
    return data


def _record(record: InterestedPartyRecord, _event) -> dict[str, Any]:
    return {"party_name": record.party_name, "party_type": record.party_type, "kind": record.kind,
            "source": record.source, "source_reference": record.source_reference, "status": record.status,
            "received_on": record.received_on}


def _product(product: Product, _event) -> dict[str, Any]:
    return {"code": product.code, "name": product.name, "customer_ids": list(product.customer_ids),
            "materials": len(product.materials)}


def _nonconformance(nc: Nonconformance, _event) -> dict[str, Any]:
    return {"number": nc.number, "product_id": nc.product_id, "product_code": nc.product_code,
            "owner_department": nc.owner_department, "status": nc.status, "description": nc.description,
            "corrective_action": nc.corrective_action or None, "action_due_on": nc.action_due_on}


BUILDERS: dict[type, tuple[str, Callable]] = {
    ev.RegulationPublished: ("compliance.regulation.published", _regulation),
    ev.RegulationChanged: ("compliance.regulation.changed", _regulation),
    ev.RegulationReviewed: ("compliance.regulation.reviewed", _regulation),
    ev.CustomerRequirementAdded: ("compliance.customer_requirement.added", _requirement),
    ev.CustomerRequirementChanged: ("compliance.customer_requirement.changed", _requirement),
    ev.InterestedPartyRecorded: ("compliance.interested_party_record.recorded", _record),
    ev.InterestedPartyRecordClosed: ("compliance.interested_party_record.closed", _record),
    ev.ProductRegistered: ("compliance.product.registered", _product),
    ev.DeclarationRecorded: ("compliance.product.declared", _product),
    ev.NonconformanceOpened: ("compliance.nonconformance.opened", _nonconformance),
    ev.NonconformanceActionPlanned: ("compliance.nonconformance.action_planned", _nonconformance),
    ev.NonconformanceClosed: ("compliance.nonconformance.closed", _nonconformance),
    ev.SubstanceGroupDefined: ("compliance.substance_group.defined", _group),
    ev.SubstanceGroupChanged: ("compliance.substance_group.changed", _group),
}
# Version 1 of the evaluation events knows these verdicts; a newer finding travels as `finding`, with
# `verdict` the v1 verdict of the same weight (a group not declared is data missing).
V1_VERDICTS = {"not_declared": DATA_MISSING}
# Product evaluations are published by `publish_evaluation`, with the result they carry.
SKIPPED = (ev.ProductEvaluated, ev.ProductStatusChanged)


def publish(uow, aggregate) -> None:
    """Queue the integration events of everything the aggregate recorded."""
    for event in aggregate.pull_events():
        if isinstance(event, SKIPPED):
            continue
        event_type, build = BUILDERS[type(event)]
        uow.publish(event_type, aggregate.id, build(aggregate, event))


def publish_evaluation(uow, evaluation: Evaluation, *, name: str, customer_ids, previous: str | None,
                       announce_evaluation: bool = True) -> None:
    """`product.evaluated` (unless told not to), and `product.status_changed` when the status moved.

    A re-evaluation of many products announces only the moves: `status_changed` carries the same
    result, and one event per product instead of two halves the outbox work of a large change.
    """
    data = {"code": evaluation.product_code, "name": name, "status": evaluation.status,
            "previous_status": previous, "evaluated_at": evaluation.evaluated_at, "trigger": evaluation.trigger,
            "evaluation_id": evaluation.id, "customer_ids": sorted(customer_ids),
            "reasons": [_reason(r) for r in evaluation.reasons if r.severity > 0]}
    if announce_evaluation:
        uow.publish("compliance.product.evaluated", evaluation.product_id, data)
    if previous != evaluation.status:
        uow.publish("compliance.product.status_changed", evaluation.product_id, data)


def _reason(reason: Reason) -> dict[str, Any]:
    return {"verdict": V1_VERDICTS.get(reason.verdict, reason.verdict), "finding": reason.verdict,
            "cas": reason.cas, "substance": reason.substance, "group": reason.group,
            "declared": list(reason.declared), "material": reason.material, "value_ppm": reason.value_ppm,
            "limit_ppm": reason.limit_ppm, "source": reason.source, "exemption": reason.exemption,
            "exemption_expires_on": reason.exemption_expires_on, "note": reason.note}
