"""Wires the complaints service: config, database, mappers, unit of work, bus, event handlers, jobs."""
from __future__ import annotations

from functools import partial

from qms_shared.bootstrap import MessageBus, PeriodicJob, ServiceContext
from qms_shared.db import Database
from qms_shared.envelope import utcnow
from qms_shared.uow import MessagingTables

from .adapters import orm
from .service_layer.unit_of_work import ComplaintsUnitOfWork
from .config import ComplaintsConfig
from .domain.commands import ScanDeadlines
from .service_layer.dependencies import Dependencies
from .service_layer.compliance_status_handlers import with_compliance_status
from .service_layer.event_handlers import on_nonconformance_opened
from .service_layer.handlers import HANDLERS


def bootstrap(overrides: dict | None = None, *, clock=utcnow) -> ServiceContext:
    """The service, wired; `overrides` replace config fields and `clock` the time (tests)."""
    config = ComplaintsConfig().with_overrides(overrides)
    orm.start_mappers()
    db = Database(config.database_url)
    tables = MessagingTables(orm.metadata)
    uow_factory = partial(ComplaintsUnitOfWork, db, config, tables)
    deps = Dependencies(policy=config.deadline_policy(), thresholds=config.incident_thresholds(), clock=clock,
                        visit_rules=config.visit_rules(), selection=config.selection_rules(),
                        quality=config.quality_rules())
    bus = MessageBus(uow_factory, HANDLERS, deps=deps)
    scan = PeriodicJob("deadline-scan", config.deadline_scan_interval, lambda: bus.handle(ScanDeadlines(at=clock())))
    return ServiceContext(
        package="complaints", config=config, db=db, tables=tables, uow_factory=uow_factory, bus=bus,
        event_handlers=with_compliance_status({"compliance.nonconformance.opened": partial(on_nonconformance_opened,
                                                                                               deps=deps)}),
        periodic_jobs=[scan], extras={"deps": deps},
    )
