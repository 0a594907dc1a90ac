"""Complaint command handlers: load through the unit of work, let the aggregate decide, commit with events."""
from __future__ import annotations

import logging
import uuid

from ..domain.authority import FIGURES, require_receiver
from ..domain.batch import batch_key
from ..domain.claim import claims_losses
from ..domain.commands import ChangeComplaint, ChangeFigures, LinkToComplaint, ReceiveComplaint
from ..domain.complaint import Complaint
from ..domain.statistics import local_day
from . import integration_events
from .batches import correct_figures, reclassify_batch
from .customer_handlers import note_customers
from .emergency_handlers import open_emergency_from_figures
from .loading import load
from .supplier_handlers import open_correction_for

log = logging.getLogger(__name__)
# endpoint step -> aggregate method; nothing else can be called through ChangeComplaint
STEPS = {"containment": "contain", "analysis": "analyse", "action-plan": "plan_action",
         "implementation": "implement", "verification": "verify", "explanation": "explain",
         "extension": "extend"}


def load_complaint(uow, complaint_id: uuid.UUID, expected_version: int | None = None) -> Complaint:
    """The complaint, checked against the version the client last read (If-Match)."""
    return load(uow.complaints, complaint_id, "complaint", expected_version)


def receive_complaint(cmd: ReceiveComplaint, *, uow, deps) -> Complaint:
    """Record a complaint, classify it over its shipped batch, and announce it (the batch's others follow);
    5 pieces failing at the customer's assembly open its emergency with it (§三.2)."""
    now, by = deps.clock(), cmd.actor.label
    fields = {"received_at": now, **{k: v for k, v in cmd.fields.items() if v is not None}}
    require_receiver(cmd.actor)
    with uow:
        # the batch stays locked until commit: a concurrent receipt in it waits, then counts this one
        batch = uow.complaints.lock_batch(batch_key(fields.get("product_code"), fields.get("product_batch"),
                                                    fields.get("production_date")))
        number = uow.next_number("CP", local_day(fields["received_at"]).year)
        complaint = Complaint.receive(id=uuid.uuid4(), number=number, by=by, at=now, policy=deps.policy,
                                      thresholds=deps.thresholds, batch=batch, **fields)
        uow.complaints.add(complaint)
        note_customers(uow, [(complaint.customer_id, complaint.customer_name)], source="complaint", by=by, at=now)
        reclassify_batch(uow, complaint, batch, None, deps, by)
        integration_events.publish(uow, complaint)
        open_emergency_from_figures(uow, deps, complaint, by)
        uow.commit()
        return complaint


def change_complaint(cmd: ChangeComplaint, *, uow, deps) -> Complaint:
    """Apply one lifecycle step; a refused step changes nothing and publishes nothing."""
    extra = {"policy": deps.policy} if cmd.step == "verification" else {}
    with uow:
        complaint = load_complaint(uow, cmd.complaint_id, cmd.expected_version)
        complaint.authorize(cmd.step, cmd.actor, cmd.arguments)
        previous_cause = complaint.cause_category
        arguments = dict(cmd.arguments)
        supplier_code = arguments.pop("supplier_code", None)  # the analysis may name the supplier responsible
        getattr(complaint, STEPS[cmd.step])(**arguments, **extra, by=cmd.actor.label, at=deps.clock())
        if cmd.step == "analysis":
            uow.complaints.refresh_recurrence(complaint, previous_cause)
            open_correction_for(uow, deps, complaint, supplier_code, cmd.actor.label)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


def change_figures(cmd: ChangeFigures, *, uow, deps) -> Complaint:
    """Correct figures; this complaint and, when its batch is at a threshold, the batch's others are reclassified;
    figures now showing §三.2's assembly batch open the complaint's emergency, if it has none yet."""
    with uow:
        complaint = load_complaint(uow, cmd.complaint_id, cmd.expected_version)
        complaint.authorize(FIGURES, cmd.actor)
        correct_figures(uow, uow.complaints, complaint, cmd.changes, deps, cmd.actor.label)
        integration_events.publish(uow, complaint)
        open_emergency_from_figures(uow, deps, complaint, cmd.actor.label)
        uow.commit()
        return complaint


def link_to_complaint(cmd: LinkToComplaint, *, uow, deps) -> None:
    """Note a reference from another service on the complaint it names (no commit: the consumer commits)."""
    complaint = uow.complaints.by_reference(cmd.complaint_ref)
    if complaint is None:
        log.info("event names an unknown complaint", extra={"complaint": cmd.complaint_ref})
        return
    complaint.note_reference(kind=cmd.kind, reference=cmd.reference, by=cmd.actor.label, at=deps.clock())


def count_claims(uow, complaint: Complaint, deps, by: str) -> None:
    """Take the complaint's claims into its loss (approved or settled amounts) and reclassify it."""
    batch = uow.complaints.lock_batch(complaint.batch_key, excluding=complaint.id)
    complaint.count_claims(losses=claims_losses(uow.claims.for_complaint(complaint.id)), batch=batch,
                           thresholds=deps.thresholds, by=by, at=deps.clock())
