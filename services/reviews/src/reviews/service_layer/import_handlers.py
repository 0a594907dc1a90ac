"""Importing the delivery history a company already has: read every row, compare, write all or nothing."""
from __future__ import annotations

from ..domain import commands as c
from ..domain.delivery_import import ImportPlan, read_batch, refusal


def import_deliveries(cmd: c.ImportDeliveries, *, uow, **_) -> dict:
    """Import delivery rows, idempotent by source document and line; the report says what was (or, in a dry
    run, would be) added and changed. Any refused row refuses the file (422, with the report)."""
    batch = read_batch(cmd.rows, today=cmd.at.date())
    with uow:
        uow.deliveries.lock_for_import()
        plan = ImportPlan.of(batch, uow.deliveries.stored(batch.keys()))
        report = plan.report(batch, dry_run=cmd.dry_run)
        if batch.refused:
            raise refusal(report)
        if report["written"]:
            uow.deliveries.add(plan.added, by=cmd.actor.label, at=cmd.at)
            uow.deliveries.replace([new for _row, new, _fields in plan.changed], by=cmd.actor.label, at=cmd.at)
            uow.commit()
    return report


IMPORT_HANDLERS = {c.ImportDeliveries: import_deliveries}
