"""Wires the compliance service: config, database, mappers, unit of work, bus, event handlers, jobs."""
from __future__ import annotations

from functools import partial

from qms_shared.bootstrap import MessageBus, PeriodicJob, ServiceContext
from qms_shared.db import Database
from qms_shared.uow import MessagingTables

from .adapters import orm
from .config import ComplianceConfig
from .domain.commands import ReevaluateAll
from .service_layer.event_handlers import EVENT_HANDLERS
from .service_layer.dependencies import Dependencies
from .service_layer.handlers import HANDLERS
from .service_layer.unit_of_work import ComplianceUnitOfWork


def bootstrap(overrides: dict | None = None) -> ServiceContext:
    """The service, wired; `overrides` replace config fields (tests)."""
    config = ComplianceConfig().with_overrides(overrides)
    orm.start_mappers()
    db = Database(config.database_url)
    tables = MessagingTables(orm.metadata)
    uow_factory = partial(ComplianceUnitOfWork, db, config, tables)
    deps = Dependencies.from_config(config)
    bus = MessageBus(uow_factory, HANDLERS, deps=deps)
    daily = PeriodicJob("reevaluation", config.reevaluation_interval_s, lambda: bus.handle(
        ReevaluateAll(trigger="scheduled check (exemption expiry)", at=deps.clock())))
    return ServiceContext(package="compliance", config=config, db=db, tables=tables, uow_factory=uow_factory,
                          bus=bus, event_handlers=dict(EVENT_HANDLERS), periodic_jobs=[daily])
