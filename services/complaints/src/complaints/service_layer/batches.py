"""The batch incident rules look across records: when one changes its batch's figures, the others follow."""
from __future__ import annotations

from ..domain.batch import BatchFigures, BatchMember
from ..domain.incident import IncidentThresholds
from . import integration_events


def touches_a_threshold(batch: BatchFigures, limits: IncidentThresholds) -> bool:
    """True when the batch's own figures make its records batch or major incidents."""
    return batch.reported >= limits.batch_returned_quantity or batch.returned >= limits.major_returned_quantity


def reclassify_batch(uow, record, others: BatchFigures, before: BatchMember | None, deps, by: str) -> None:
    """Reclassify (and announce) every other complaint and internal problem of `record`'s batch.

    `others` are the batch's figures without `record` (read under the batch lock), `before` what `record`
    added to them before this change (None for a new record). Nothing is loaded while the batch stays
    below every threshold, before and after: the others' classes cannot have moved.
    """
    if others.key is None:
        return
    old = others if before is None else others.with_member(before)
    new = others.with_member(record.batch_member)
    limits = deps.thresholds
    if old == new or not (touches_a_threshold(old, limits) or touches_a_threshold(new, limits)):
        return
    at = deps.clock()
    for other in [*uow.complaints.in_batch(others.key, excluding=record.id),
                  *uow.internal_problems.in_batch(others.key, excluding=record.id)]:
        other.classify(batch=new, thresholds=limits, by=by, at=at)
        integration_events.publish(uow, other)


def correct_figures(uow, repository, record, changes: dict, deps, by: str) -> None:
    """Change a record's figures under its batch's lock; the record and, at a threshold, its batch follow."""
    batch = repository.lock_batch(record.batch_key, excluding=record.id)
    before = record.batch_member
    record.update_figures(**changes, by=by, at=deps.clock(), batch=batch, thresholds=deps.thresholds)
    reclassify_batch(uow, record, batch, before, deps, by)
