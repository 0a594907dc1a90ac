"""Seed 004's records to the wire: `complaints.<entity>.<verb>`, the record's facts plus what the step adds.

The facts name everything a notification says (numbers, supplier and its contact's address and language,
person, amounts, due dates), so consumers never call back.
"""
from __future__ import annotations

from ..domain.quality_base import Announced
from ..domain.reward_penalty import APPROVING_DEPARTMENT


def _supplier(r) -> dict:
    return {"id": r.supplier_id, "code": r.supplier_code, "name": r.supplier_name,
            "contact_email": getattr(r, "supplier_email", None), "locale": getattr(r, "supplier_locale", None)}


def supplier_facts(s) -> dict:
    """A supplier's facts."""
    return {"code": s.code, "name": s.name, "status": s.status, "locale": s.locale, "contact_email": s.contact_email}


def incoming_facts(nc) -> dict:
    """An incoming nonconformance's facts."""
    return {"number": nc.number, "status": nc.status, "supplier": _supplier(nc), "material_code": nc.material_code,
            "material_name": nc.material_name, "lot": nc.lot, "quantity_received": nc.quantity_received,
            "quantity_inspected": nc.quantity_inspected, "quantity_nonconforming": nc.quantity_nonconforming,
            "defect_class": nc.defect_class, "defect_kind": nc.defect_kind, "inspected_at": nc.inspected_at,
            "correction_request_number": nc.correction_request_number, "disposition": nc.disposition,
            "disposition_kind": nc.disposition_kind, "work_hours": nc.work_hours,
            "deduction_amount": nc.deduction_amount}


def request_facts(cr) -> dict:
    """A correction request's facts."""
    return {"number": cr.number, "status": cr.status, "supplier": _supplier(cr), "source": cr.source,
            "source_id": cr.source_id, "source_number": cr.source_number, "description": cr.description,
            "defect_class": cr.defect_class, "owner_department": cr.owner_department, "round": cr.round,
            "reply_due_at": cr.reply_due_at, "cause": cr.cause, "action": cr.action,
            "action_due_date": cr.action_due_date}


def recovery_facts(rec) -> dict:
    """A supplier recovery's facts."""
    return {"claim_id": rec.claim_id, "claim_number": rec.claim_number, "complaint_id": rec.complaint_id,
            "complaint_number": rec.complaint_number, "status": rec.status, "supplier": _supplier(rec),
            "amount": rec.amount, "currency": rec.currency, "recovered_amount": rec.recovered_amount,
            "reference": rec.reference}


def notice_facts(n) -> dict:
    """A reward/penalty notice's facts."""
    return {"number": n.number, "status": n.status, "kind": n.kind,
            "person": {"name": n.person_name, "id": n.person_id}, "department": n.department,
            "clause_codes": n.clause_codes, "governing_clause": n.governing_clause, "quantity": n.quantity,
            "amount": n.amount, "currency": n.currency, "reason": n.reason, "month": f"{n.month:%Y-%m}",
            "links": n.links, "issued_by": n.issued_by, "approved_by": n.approved_by,
            "approving_department": APPROVING_DEPARTMENT}


def emergency_facts(em) -> dict:
    """An emergency's facts."""
    return {"number": em.number, "status": em.status, "source": em.source, "source_id": em.source_id,
            "source_number": em.source_number, "customer": {"id": em.customer_id, "name": em.customer_name},
            "product_code": em.product_code, "description": em.description,
            "responsible_department": em.responsible_department, "conditions": em.conditions,
            "assembly_failures": em.assembly_failures, "reported_at": em.reported_at,
            "rectification": em.rectification}


FACTS = {"supplier": supplier_facts, "incoming_nonconformance": incoming_facts, "correction_request": request_facts,
         "supplier_recovery": recovery_facts, "reward_penalty_notice": notice_facts, "emergency": emergency_facts}


def publish(uow, record) -> list:
    """Queue the integration events of the steps the record announced; returns the domain events."""
    recorded = record.pull_events()
    for event in recorded:
        if isinstance(event, Announced):
            uow.publish(f"complaints.{event.entity}.{event.verb}", record.id,
                        {**FACTS[event.entity](record), **event.details})
    return recorded
