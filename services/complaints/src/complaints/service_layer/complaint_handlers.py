"""Complaint command handlers: load through the unit of work, let the aggregate decide, commit with events."""
from __future__ import annotations

import logging
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from qms_shared.uow import ReadChanged

from ..adapters.queries import overdue_candidates
from ..adapters.repository import BATCH_UNCHANGED
from ..domain.complaint import Complaint
from ..domain.statistics import local_day
from . import integration_events
from .commands import ChangeComplaint, ChangeFigures, LinkToComplaint, ReceiveComplaint, ScanDeadlines
from .loading import load

log = logging.getLogger(__name__)
# endpoint step -> aggregate method; nothing else can be called through ChangeComplaint
STEPS = {"containment": "contain", "analysis": "analyse", "action-plan": "plan_action",
         "implementation": "implement", "verification": "verify", "explanation": "explain",
         "extension": "extend"}


def load_complaint(uow, complaint_id: uuid.UUID, if_match: int | None = None) -> Complaint:
    """The complaint, checked against the version the client last read (If-Match)."""
    return load(uow.complaints, complaint_id, "complaint", if_match)


def receive_complaint(cmd: ReceiveComplaint, *, uow, deps) -> Complaint:
    """Record a complaint, classify it with the returns of its batch, and announce it.

    On PostgreSQL it is first tried in one statement (no BEGIN, no COMMIT round trip): the batch's
    returns are read without the lock, and the INSERT checks under the lock that they have not changed
    (a third of a creation's round trips). When another complaint of the batch got in between, or when
    this one takes the batch across its threshold (the other complaints are reclassified too, which
    needs a transaction), it is done in a transaction that holds the batch lock from its first read.
    """
    now = deps.clock()
    fields = {"received_at": now, **{k: v for k, v in cmd.fields.items() if v is not None}}
    key, year = _batch_key(fields), local_day(fields["received_at"]).year
    number = None
    if uow.db.is_postgres:
        with uow.in_one_statement():
            elsewhere, number = uow.complaints.batch_returns_and_number(key, uow.numbering("CP", year), locked=False)
            complaint = _new_complaint(cmd, fields, number, elsewhere, now, deps)
            if not _crosses_threshold(complaint, elsewhere, elsewhere + complaint.returned_quantity, deps):
                uow.add_new(complaint)
                if key is not None:
                    uow.check_at_commit(BATCH_UNCHANGED, key[0], key[1], complaint.id, elsewhere)
                integration_events.publish(uow, complaint)
                try:
                    uow.commit()
                    return complaint
                except ReadChanged:
                    log.info("batch changed while a complaint was received; done again under the lock",
                             extra={"number": number})
    with uow:
        if number is None:
            elsewhere, number = uow.complaints.batch_returns_and_number(key, uow.numbering("CP", year))
        else:  # keep the number already taken
            elsewhere = uow.complaints.batch_returns(key)
        complaint = _new_complaint(cmd, fields, number, elsewhere, now, deps)
        uow.add_new(complaint)  # written at commit, in one statement with its events
        _reclassify_batch(uow, complaint, elsewhere, elsewhere + complaint.returned_quantity, deps, cmd.by)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


def _new_complaint(cmd: ReceiveComplaint, fields: dict, number: str, elsewhere: int, now, deps) -> Complaint:
    return Complaint.receive(id=uuid.uuid4(), number=number, by=cmd.by, at=now, policy=deps.policy,
                             thresholds=deps.thresholds, batch_returns_elsewhere=elsewhere, **fields)


def change_complaint(cmd: ChangeComplaint, *, uow, deps) -> Complaint:
    """Apply one lifecycle step; a refused step changes nothing and publishes nothing."""
    extra = {"policy": deps.policy} if cmd.step == "verification" else {}
    with uow:
        complaint = load_complaint(uow, cmd.complaint_id, cmd.if_match)
        previous_cause = complaint.cause_category
        getattr(complaint, STEPS[cmd.step])(**cmd.arguments, **extra, by=cmd.by, at=deps.clock())
        if cmd.step == "analysis":
            uow.complaints.refresh_recurrence(complaint, previous_cause)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


def change_figures(cmd: ChangeFigures, *, uow, deps) -> Complaint:
    """Correct figures; this complaint and, when the batch crosses its threshold, its batch are reclassified."""
    with uow:
        complaint = load_complaint(uow, cmd.complaint_id, cmd.if_match)
        elsewhere = uow.complaints.batch_returns(complaint.batch_key, excluding=complaint.id)
        before = elsewhere + complaint.returned_quantity
        complaint.update_figures(**cmd.changes, by=cmd.by, at=deps.clock(), batch_returns_elsewhere=elsewhere,
                                 thresholds=deps.thresholds)
        _reclassify_batch(uow, complaint, before, elsewhere + complaint.returned_quantity, deps, cmd.by)
        integration_events.publish(uow, complaint)
        uow.commit()
        return complaint


def scan_deadlines(cmd: ScanDeadlines, *, uow, deps) -> list[tuple[Complaint, object]]:
    """Report newly missed due dates, one transaction per complaint so one conflict spoils nothing else."""
    with uow:
        candidates = overdue_candidates(uow.session, cmd.as_of)
    reported = []
    for complaint_id in candidates:
        try:
            with uow:
                complaint = load_complaint(uow, complaint_id)
                missed = complaint.detect_overdue(cmd.as_of)
                integration_events.publish(uow, complaint)
                uow.commit()
        except (StaleDataError, IntegrityError):
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
    complaint.note_reference(kind=cmd.kind, reference=cmd.reference, by=cmd.by, at=deps.clock())


def _batch_key(fields: dict):
    code, produced = fields.get("product_code"), fields.get("production_date")
    return (code, produced) if code and produced else None


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
