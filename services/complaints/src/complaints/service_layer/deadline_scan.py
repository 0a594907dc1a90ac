"""The overdue scan: every due date newly missed, of complaints, internal problems, corrective actions, customer
visits, and seed 004's correction requests (the supplier's reply, the day its action was due) and emergencies
(the rectification notice's due day)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from qms_shared.domain import Conflict

from ..domain.commands import ScanDeadlines
from . import integration_events, quality_events
from .customer_handlers import scan_visits

log = logging.getLogger(__name__)


@dataclass
class DeadlineScanReport:
    """What one scan reported: (aggregate, missed deadline) pairs, and the corrective actions it found late."""

    complaints: list = field(default_factory=list)
    internal_problems: list = field(default_factory=list)
    corrective_actions: list = field(default_factory=list)
    customer_visits: list = field(default_factory=list)  # (customer, escalation level)
    correction_requests: list = field(default_factory=list)  # supplier replies newly overdue
    correction_actions: list = field(default_factory=list)  # (request, escalation level): its action's due day
    emergencies: list = field(default_factory=list)  # (emergency, escalation level): its rectification notice


def scan_deadlines(cmd: ScanDeadlines, *, uow, deps) -> DeadlineScanReport:
    """Report newly missed due dates, one transaction per record so one conflict spoils nothing else."""
    report, at = DeadlineScanReport(), cmd.at
    for repository, found in (("complaints", report.complaints), ("internal_problems", report.internal_problems)):
        for record, missed in _scan(uow, repository, at):
            found += [(record, m) for m in missed]
    report.corrective_actions = [action for action, late in _scan(uow, "corrective_actions", at) if late]
    report.customer_visits = scan_visits(uow, deps, at)
    report.correction_requests = [request for request, late in _scan(
        uow, "correction_requests", at, publish=quality_events.publish) if late]
    # a due *day* (the supplier's action, the rectification notice): its department's head, then the GM
    days = {"calendar": deps.policy.calendar, "general_manager_after": deps.quality.general_manager_after_days}
    report.correction_actions = [(request, level) for request, level in _scan(
        uow, "correction_requests", at, candidates="action_overdue_candidates", publish=quality_events.publish,
        detect=lambda request: request.detect_action_overdue(at, **days)) if level]
    report.emergencies = [(emergency, level) for emergency, level in _scan(
        uow, "emergencies", at, candidates="rectification_overdue_candidates", publish=quality_events.publish,
        detect=lambda emergency: emergency.detect_rectification_overdue(at, **days)) if level]
    return report


def _scan(uow, repository: str, at, *, candidates: str = "overdue_candidates", detect=None,
          publish=integration_events.publish):
    """(record, what `detect` found: its detect_overdue by default) for each of `uow.<repository>.<candidates>(at)`
    that could be changed, each in its own transaction."""
    with uow:
        record_ids = getattr(getattr(uow, repository), candidates)(at)
    for record_id in record_ids:
        try:
            with uow:
                record = getattr(uow, repository).get(record_id)
                found = detect(record) if detect else record.detect_overdue(at)
                publish(uow, record)
                uow.commit()
        except Conflict:
            # another scan or a user got there first; what is still missed is found by the next scan
            log.info("deadline scan skipped a record changed meanwhile", extra={"record_id": str(record_id)})
            continue
        yield record, found
