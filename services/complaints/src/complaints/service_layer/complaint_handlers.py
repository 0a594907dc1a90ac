"""Complaint command handlers: load through the unit of work, let the aggregate decide, commit with events."""
from __future__ import annotations

import logging
import uuid

from qms_shared.domain import Conflict

from ..domain.classification import batch_key
from ..domain.commands import ChangeComplaint, ChangeFigures, LinkToComplaint, ReceiveComplaint, ScanDeadlines
from ..domain.complaint import Complaint
from ..domain.statistics import local_day
from . import integration_events
from .loading import load

log = logging.getLogger(__name__)
# endpoint step -> aggregate method; nothing else can be called through ChangeComplaint
STEPS = {"containment": "contain", "analysis": "analyse", "action-plan": "plan_action",
         "implementation": "implement", "verification": "verify", "explanation": "explain",
         "extension": "extend"}


def load_complaint(uow, complaint_id: uuid.UUID, expected_version: int | None = None) -> Complaint:
    """The complaint, checked against the version the client last read (If-Match)."""
    return load(uow.complaints, complaint_id, "complaint", expected_version)


def receive_complaint(cmd: ReceiveComplaint, *, uow, deps) -> Complaint:
    """Record a complaint, classify it with the returns of its batch, and announce it."""
    now, by = deps.clock(), cmd.actor.label
    fields = {"received_at": now, **{k: v for k, v in cmd.fields.items() if v is not None}}
    with uow:
        # the batch stays locked until commit: a concurrent receipt in it waits, then counts this one
        elsewhere = uow.complaints.lock_batch_returns(batch_key(fields.get("product_code"),
                                                                fields.get("production_date")))
        number = uow.next_number("CP", local_day(fields["received_at"]).year)
        complaint = Complaint.receive(id=uuid.uuid4(), number=number, by=by, at=now, policy=deps.policy,
                                      thresholds=deps.thresholds, batch_returns_elsewhere=elsewhere, **fields)
        uow.complaints.add(complaint)
        _reclassify_batch(uow, complaint, elsewhere, elsewhere + complaint.returned_quantity, deps, by)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


def change_complaint(cmd: ChangeComplaint, *, uow, deps) -> Complaint:
    """Apply one lifecycle step; a refused step changes nothing and publishes nothing."""
    extra = {"policy": deps.policy} if cmd.step == "verification" else {}
    with uow:
        complaint = load_complaint(uow, cmd.complaint_id, cmd.expected_version)
        previous_cause = complaint.cause_category
        getattr(complaint, STEPS[cmd.step])(**cmd.arguments, **extra, by=cmd.actor.label, at=deps.clock())
        if cmd.step == "analysis":
            uow.complaints.refresh_recurrence(complaint, previous_cause)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


def change_figures(cmd: ChangeFigures, *, uow, deps) -> Complaint:
    """Correct figures; this complaint and, when the batch crosses its threshold, its batch are reclassified."""
    by = cmd.actor.label
    with uow:
        complaint = load_complaint(uow, cmd.complaint_id, cmd.expected_version)
        elsewhere = uow.complaints.lock_batch_returns(complaint.batch_key, excluding=complaint.id)
        before = elsewhere + complaint.returned_quantity
        complaint.update_figures(**cmd.changes, by=by, at=deps.clock(), batch_returns_elsewhere=elsewhere,
                                 thresholds=deps.thresholds)
        _reclassify_batch(uow, complaint, before, elsewhere + complaint.returned_quantity, deps, by)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


def scan_deadlines(cmd: ScanDeadlines, *, uow, deps) -> list[tuple[Complaint, object]]:
    """Report newly missed due dates, one transaction per complaint so one conflict spoils nothing else."""
    with uow:
        candidates = uow.complaints.overdue_candidates(cmd.at)
    reported = []
    for complaint_id in candidates:
        try:
            with uow:
                complaint = load_complaint(uow, complaint_id)
                missed = complaint.detect_overdue(cmd.at)
                integration_events.publish(uow, complaint)
                uow.commit()
        except Conflict:
            # another scan or a user got there first; what is still missed is found by the next scan
            log.info("deadline scan skipped a complaint changed meanwhile", extra={"complaint_id": str(complaint_id)})
            continue
        reported += [(complaint, m) for m in missed]
    return reported


def link_to_complaint(cmd: LinkToComplaint, *, uow, deps) -> None:
    """Note a reference from another service on the complaint it names (no commit: the consumer commits)."""
    complaint = uow.complaints.by_reference(cmd.complaint_ref)
    if complaint is None:
        log.info("event names an unknown complaint", extra={"complaint": cmd.complaint_ref})
        return
    complaint.note_reference(kind=cmd.kind, reference=cmd.reference, by=cmd.actor.label, at=deps.clock())


def _crosses_threshold(complaint: Complaint, before: int, after: int, deps) -> bool:
    limit = deps.thresholds.batch_returned_quantity
    return complaint.batch_key is not None and (before >= limit) != (after >= limit)


def _reclassify_batch(uow, complaint: Complaint, before: int, after: int, deps, by: str) -> None:
    """The batch rule looks across complaints: when the batch total crosses the threshold, so do the others."""
    if not _crosses_threshold(complaint, before, after, deps):
        return
    for other in uow.complaints.in_batch(complaint.batch_key, excluding=complaint.id):
        other.classify(batch_returns_elsewhere=after - other.returned_quantity, thresholds=deps.thresholds,
                       by=by, at=deps.clock())
        integration_events.publish(uow, other)
