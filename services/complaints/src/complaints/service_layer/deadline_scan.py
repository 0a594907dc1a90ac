"""The overdue scan: every due date newly missed, of complaints, internal problems and corrective actions."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from qms_shared.domain import Conflict

from ..domain.commands import ScanDeadlines
from . import integration_events
from .customer_handlers import scan_visits
from .supplier_handlers import scan_correction_requests

log = logging.getLogger(__name__)


@dataclass
class DeadlineScanReport:
    """What one scan reported: (aggregate, missed deadline) pairs, and the corrective actions it found late."""

    complaints: list = field(default_factory=list)
    internal_problems: list = field(default_factory=list)
    corrective_actions: list = field(default_factory=list)
    customer_visits: list = field(default_factory=list)  # (customer, escalation level)
    correction_requests: list = field(default_factory=list)  # supplier replies newly overdue


def scan_deadlines(cmd: ScanDeadlines, *, uow, deps) -> DeadlineScanReport:
    """Report newly missed due dates, one transaction per record so one conflict spoils nothing else."""
    report = DeadlineScanReport()
    for repository, found in (("complaints", report.complaints), ("internal_problems", report.internal_problems)):
        for record, missed in _scan(uow, repository, cmd.at):
            found += [(record, m) for m in missed]
    report.corrective_actions = [action for action, late in _scan(uow, "corrective_actions", cmd.at) if late]
    report.customer_visits = scan_visits(uow, deps, cmd.at)
    report.correction_requests = scan_correction_requests(uow, cmd.at)
    return report


def _scan(uow, repository: str, at):
    """(record, what its detect_overdue found) for each candidate of `uow.<repository>` that could be changed."""
    with uow:
        candidates = getattr(uow, repository).overdue_candidates(at)
    for record_id in candidates:
        try:
            with uow:
                record = getattr(uow, repository).get(record_id)
                found = record.detect_overdue(at)
                integration_events.publish(uow, record)
                uow.commit()
        except Conflict:
            # another scan or a user got there first; what is still missed is found by the next scan
            log.info("deadline scan skipped a record changed meanwhile", extra={"record_id": str(record_id)})
            continue
        yield record, found
